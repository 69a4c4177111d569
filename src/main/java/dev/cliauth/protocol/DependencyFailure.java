package dev.cliauth.protocol;

/**
 * A dependency (DynamoDB) failed or timed out: answered with 503 {@code temporarily_unavailable}
 * and {@code Retry-After}, never as a client error.
 */
public final class DependencyFailure extends RuntimeException {

    public DependencyFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
