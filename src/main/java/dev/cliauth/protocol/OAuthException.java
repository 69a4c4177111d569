package dev.cliauth.protocol;

import io.micronaut.core.annotation.Nullable;

/**
 * Carries an {@link OAuthError} out of the protocol and grant layers to the one place that
 * renders it. Expected outcomes are not bugs, so no stack trace is captured.
 */
public final class OAuthException extends RuntimeException {

    private final transient OAuthError error;
    private final transient Integer interval;

    public OAuthException(OAuthError error, @Nullable Integer interval) {
        super(error.code(), null, false, false);
        this.error = error;
        this.interval = interval;
    }

    public OAuthError error() {
        return error;
    }

    /** The new polling interval in seconds, for {@code slow_down} (RFC 8628 §3.5). */
    @Nullable
    public Integer interval() {
        return interval;
    }
}
