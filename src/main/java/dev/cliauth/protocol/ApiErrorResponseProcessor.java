package dev.cliauth.protocol;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Errors Micronaut raises itself (no route, wrong method, unreadable request, unexpected
 * exception) in RFC 6749 shape, without Micronaut's internal messages.
 */
@Singleton
@Requires(env = {"device-authorization", "token"})
public class ApiErrorResponseProcessor implements ErrorResponseProcessor<String> {

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        OAuthError error = switch (status) {
            case 404 -> new OAuthError(OAuthError.INVALID_REQUEST, "No such endpoint.", 404, null);
            case 405 -> new OAuthError(OAuthError.INVALID_REQUEST, "Method not allowed.", 405, null);
            case 413 -> new OAuthError(OAuthError.INVALID_REQUEST, "The request is too large.", 413, null);
            case 415 -> new OAuthError(OAuthError.INVALID_REQUEST, "Unsupported content type.", 415, null);
            case 503 -> OAuthError.temporarilyUnavailable();
            default -> status >= 500 ? OAuthError.serverError()
                    : new OAuthError(OAuthError.INVALID_REQUEST, "The request is malformed.", status, null);
        };
        MutableHttpResponse<String> out = (MutableHttpResponse<String>) response;
        return out.body(Json.error(error, null))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store");
    }
}
