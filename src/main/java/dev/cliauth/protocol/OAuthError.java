package dev.cliauth.protocol;

import io.micronaut.core.annotation.Nullable;

/**
 * An OAuth error as the client sees it (RFC 6749 §5.2): short, safe, never internal detail.
 *
 * @param code        the registered error code
 * @param description a human-readable sentence, safe to show
 * @param status      HTTP status
 * @param uri         a page about the error, usually the RFC section
 */
public record OAuthError(String code, String description, int status, @Nullable String uri) {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String SERVER_ERROR = "server_error";
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    /** RFC 8628 §3.5. */
    public static final String AUTHORIZATION_PENDING = "authorization_pending";
    /** RFC 8628 §3.5. */
    public static final String SLOW_DOWN = "slow_down";
    /** RFC 8628 §3.5. */
    public static final String ACCESS_DENIED = "access_denied";
    /** RFC 8628 §3.5. */
    public static final String EXPIRED_TOKEN = "expired_token";

    private static final String RFC6749 = "https://www.rfc-editor.org/rfc/rfc6749#section-5.2";
    private static final String RFC8628 = "https://www.rfc-editor.org/rfc/rfc8628#section-3.5";

    public static OAuthError invalidRequest(String description) {
        return new OAuthError(INVALID_REQUEST, description, 400, RFC6749);
    }

    /** {@code invalid_client}; 401 when the client tried to authenticate (RFC 6749 §5.2). */
    public static OAuthError invalidClient(String description, boolean authenticationAttempted) {
        return new OAuthError(INVALID_CLIENT, description, authenticationAttempted ? 401 : 400, RFC6749);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError(INVALID_GRANT, description, 400, RFC6749);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError(INVALID_SCOPE, description, 400, RFC6749);
    }

    /** The client may not use this grant type (RFC 6749 §5.2). */
    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError(UNAUTHORIZED_CLIENT, description, 400, RFC6749);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError(UNSUPPORTED_GRANT_TYPE, description, 400, RFC6749);
    }

    public static OAuthError authorizationPending() {
        return new OAuthError(AUTHORIZATION_PENDING, "The user has not yet approved or denied the request.", 400, RFC8628);
    }

    public static OAuthError slowDown() {
        return new OAuthError(SLOW_DOWN, "Polling too fast: wait the returned interval between requests.", 400, RFC8628);
    }

    public static OAuthError accessDenied() {
        return new OAuthError(ACCESS_DENIED, "The user denied the request.", 400, RFC8628);
    }

    public static OAuthError expiredToken() {
        return new OAuthError(EXPIRED_TOKEN, "The device code has expired; start a new login.", 400, RFC8628);
    }

    public static OAuthError serverError() {
        return new OAuthError(SERVER_ERROR, "The server could not complete the request.", 500, null);
    }

    public static OAuthError temporarilyUnavailable() {
        return new OAuthError(TEMPORARILY_UNAVAILABLE, "The service is briefly unavailable; retry shortly.", 503, null);
    }

    public OAuthException toException() {
        return new OAuthException(this, null);
    }
}
