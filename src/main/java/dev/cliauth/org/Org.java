package dev.cliauth.org;

import dev.cliauth.code.UserCodeFormat;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * An org: a tenant with its own issuer, clients, users, keys and settings.
 *
 * @param id       lowercase letters, digits and {@code -}, 1–63 characters ({@link OrgId})
 * @param name     what people are shown
 * @param codeTtl  the org's default device-code lifetime (a client's own wins), or null for the deployment's
 * @param interval the org's default polling interval (a client's own wins), or null for the deployment's
 * @param userCodeFormat the org's default user-code format (a client's own wins), or null for the deployment's
 * @param reauthAfter how long after a sign-in Approve asks for the password again, or null for the deployment's
 * @param auditRetention how long its audit events are kept, or null for the deployment's
 * @param logoUrl  its logo on the pages (an https image URL), or null
 * @param accent   its accent colour on the pages ({@code #rrggbb}), or null
 * @param passwordSignIn whether its people may sign in with email and password (off: company sign-in only)
 */
public record Org(String id, String name, @Nullable Duration codeTtl, @Nullable Duration interval,
                  @Nullable UserCodeFormat userCodeFormat, @Nullable Duration reauthAfter,
                  @Nullable Duration auditRetention, @Nullable String logoUrl, @Nullable String accent,
                  boolean passwordSignIn) {

    /** An org whose people may sign in with passwords. */
    public Org(String id, String name, @Nullable Duration codeTtl, @Nullable Duration interval,
               @Nullable UserCodeFormat userCodeFormat, @Nullable Duration reauthAfter,
               @Nullable Duration auditRetention, @Nullable String logoUrl, @Nullable String accent) {
        this(id, name, codeTtl, interval, userCodeFormat, reauthAfter, auditRetention, logoUrl, accent, true);
    }

    /** An org without branding beyond its name. */
    public Org(String id, String name, @Nullable Duration codeTtl, @Nullable Duration interval,
               @Nullable UserCodeFormat userCodeFormat, @Nullable Duration reauthAfter, @Nullable Duration auditRetention) {
        this(id, name, codeTtl, interval, userCodeFormat, reauthAfter, auditRetention, null, null);
    }

    /** The org un-prefixed paths serve; it needs no stored record and has the deployment's settings. */
    public static final Org DEFAULT = new Org(OrgId.DEFAULT, "Default", null, null, null, null, null);

    /** An org with the deployment's user-code format and re-authentication. */
    public Org(String id, String name, @Nullable Duration codeTtl, @Nullable Duration interval) {
        this(id, name, codeTtl, interval, null, null, null);
    }

    public boolean isDefault() {
        return OrgId.DEFAULT.equals(id);
    }
}
