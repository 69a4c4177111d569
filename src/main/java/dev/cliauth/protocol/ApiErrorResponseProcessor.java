package dev.cliauth.protocol;

import dev.cliauth.config.Functions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Errors Micronaut raises and renders itself (an unsatisfied argument, an unsupported media type)
 * in RFC 6749 shape, never with Micronaut's own message, which can quote the request.
 */
@Singleton
@Requires(env = {Functions.DEVICE_AUTHORIZATION, Functions.TOKEN})
public class ApiErrorResponseProcessor implements ErrorResponseProcessor<OAuthErrorBody> {

    @Override
    public MutableHttpResponse<OAuthErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        OAuthError error = status == 503 ? OAuthError.temporarilyUnavailable()
                : status >= 500 ? OAuthError.serverError()
                : new OAuthError(OAuthError.INVALID_REQUEST, "The request is malformed.", status, null);
        MutableHttpResponse<OAuthErrorBody> rendered = ApiResponses.error(error, null);
        response.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("allow")) {
                values.forEach(v -> rendered.header(name, v));
            }
        });
        return rendered;
    }
}
