package dev.cliauth.account;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * A built-in account, with its browser sessions: a session exists while its id is in the account's
 * {@code sessions} map, so one strongly consistent read of the account checks both (SPEC §6).
 *
 * @param org          tenant
 * @param subject      stable id, the {@code sub} of tokens
 * @param email        sign-in name, stored lower-case
 * @param name         display name
 * @param passwordHash bcrypt hash
 * @param disabled     a disabled account can neither sign in nor approve
 * @param sessions     its live browser sessions by id; null when the item has no map yet
 * @param emailVerified whether an operator marked its email verified ({@code email_verified} in tokens)
 * @param upstreamSubject for an account created by company sign-in, the provider's {@code sub} it is
 *                        linked to (such an account has no password); null for a built-in account
 * @param admin        whether it is an admin of its org (SPEC §6): sees and revokes every account's devices
 */
public record Account(String org, String subject, String email, String name, String passwordHash, boolean disabled,
                      @Nullable Map<String, SessionEntry> sessions, boolean emailVerified, @Nullable String upstreamSubject,
                      boolean admin) {

    public Account(String org, String subject, String email, String name, String passwordHash, boolean disabled,
                   @Nullable Map<String, SessionEntry> sessions, boolean emailVerified, @Nullable String upstreamSubject) {
        this(org, subject, email, name, passwordHash, disabled, sessions, emailVerified, upstreamSubject, false);
    }

    /** What the account item keeps of a session: when its user signed in (or last re-authenticated) and when it ends. */
    public record SessionEntry(long authTime, long expiresAt) {
    }

    public Account(String org, String subject, String email, String name, String passwordHash, boolean disabled) {
        this(org, subject, email, name, passwordHash, disabled, null, false, null);
    }

    public Account(String org, String subject, String email, String name, String passwordHash, boolean disabled,
                   @Nullable Map<String, SessionEntry> sessions, boolean emailVerified) {
        this(org, subject, email, name, passwordHash, disabled, sessions, emailVerified, null);
    }

    /** Whether it signs in through its org's company sign-in only (it has no password). */
    public boolean companyAccount() {
        return upstreamSubject != null;
    }

    /** The live session {@code id} of this account, if it has one at {@code now}. */
    public @Nullable SessionEntry session(String id, long now) {
        SessionEntry e = sessions == null ? null : sessions.get(id);
        return e != null && e.expiresAt() > now ? e : null;
    }

    @Override
    public String toString() {
        return "Account[" + org + "/" + subject + "]";
    }
}
