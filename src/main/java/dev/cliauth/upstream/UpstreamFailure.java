package dev.cliauth.upstream;

/**
 * A company sign-in that cannot go on. {@link #reason()} is what the page may say; the message is
 * for the log (never a token, code, secret or claim value).
 */
public class UpstreamFailure extends RuntimeException {

    /** What went wrong, in the terms the page uses. */
    public enum Reason {
        /** The provider is unreachable, answered nonsense, or is configured inconsistently. */
        PROVIDER,
        /** The ID token failed a check: signature, issuer, audience, nonce, times. */
        REJECTED_TOKEN,
        /** The user cancelled or the provider refused at its end. */
        CANCELLED,
        /** The state is unknown: used already (a replay), expired, or started in another browser. */
        STATE,
        /** A re-authentication the provider answered without asking for the password again. */
        NOT_REAUTHENTICATED
    }

    private final Reason reason;

    public UpstreamFailure(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public UpstreamFailure(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
