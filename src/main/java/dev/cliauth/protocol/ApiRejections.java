package dev.cliauth.protocol;

import dev.cliauth.config.Functions;
import dev.cliauth.web.Rejections;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/** Requests the Lambda adapter refused, answered as OAuth JSON ({@code invalid_request}, or a 500). */
@Singleton
@Requires(env = {Functions.DEVICE_AUTHORIZATION, Functions.TOKEN})
public class ApiRejections implements Rejections {

    @Override
    public MutableHttpResponse<?> rejected(int status, String reason) {
        return ApiResponses.error(status >= 500 ? OAuthError.serverError()
                : new OAuthError(OAuthError.INVALID_REQUEST, reason, status, null), null);
    }
}
