package dev.cliauth.grant;

import io.micronaut.core.annotation.Nullable;

/**
 * Who decides a grant on the verification page, as the grant records it.
 *
 * @param subject       the account's id
 * @param email         the account's email (its key)
 * @param name          the account's display name
 * @param emailVerified whether the account's email is verified
 * @param sessionId     the browser session deciding, which must still exist; null only in tests of the grant alone
 * @param authTime      when the user last entered the password ({@code auth_time})
 * @param sourceIp      where the decision came from (shown on "your devices"); null in tests of the grant alone
 * @param userAgent     the deciding browser's user agent, unverified; null in tests of the grant alone
 */
public record Approver(String subject, String email, @Nullable String name, boolean emailVerified,
                       @Nullable String sessionId, long authTime, @Nullable String sourceIp, @Nullable String userAgent) {

    public Approver(String subject, String email, @Nullable String name, boolean emailVerified,
                    @Nullable String sessionId, long authTime) {
        this(subject, email, name, emailVerified, sessionId, authTime, null, null);
    }
}
