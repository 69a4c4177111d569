package dev.cliauth.audit;

import java.util.Locale;

/** The lifecycle events of the audit trail (SPEC §13). */
public enum AuditEventType {
    DEVICE_AUTHORIZED, CODE_ENTERED, SIGNED_IN, SIGN_IN_FAILED, SIGNED_OUT, APPROVED, DENIED, REDEEMED, REPLAY,
    REFRESHED, REUSE_DETECTED, REVOKED, LIMIT_HIT, FORBIDDEN,
    /** "This wasn't me" on the confirmation: the request is denied and the browser signed out (a security event). */
    NOT_ME,
    /** An org admin changed an application, an account or the org's settings in the portal (the detail says what). */
    PORTAL_CHANGE;

    /** {@code device_authorized}, as logs and items name it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
