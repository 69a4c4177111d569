package dev.cliauth.protocol;

import dev.cliauth.http.Failures;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.lambda.Functions;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Failures of the OAuth API functions as RFC 6749 JSON (§5.2). Expected OAuth outcomes are
 * rendered as they are; a dependency failure, or a DynamoDB failure a repository did not turn
 * into an outcome, is 503 {@code temporarily_unavailable}; anything else is a generic
 * {@code server_error}. The detail goes to the log, never to the client.
 */
@Singleton
@Requires(env = {Functions.DEVICE_AUTHORIZATION, Functions.TOKEN})
public class ApiFailures implements Failures {

    @Override
    public Response rejected(int status, String reason) {
        return ApiResponses.error(new OAuthError(OAuthError.INVALID_REQUEST, reason, status, null), null);
    }

    @Override
    public Response noRoute(int status, String allow) {
        if (status == 405) {
            return ApiResponses.error(new OAuthError(OAuthError.INVALID_REQUEST, "Method not allowed.", 405, null), null)
                    .header("Allow", allow);
        }
        return ApiResponses.error(new OAuthError(OAuthError.INVALID_REQUEST, "No such endpoint.", 404, null), null);
    }

    @Override
    public Response failed(Request request, RuntimeException exception) {
        return switch (FailureKind.classify(request, exception)) {
            case EXPECTED -> {
                OAuthException oauth = (OAuthException) exception;
                yield ApiResponses.error(oauth.error(), oauth.interval());
            }
            case DEPENDENCY -> ApiResponses.error(OAuthError.temporarilyUnavailable(), null);
            case BUG -> ApiResponses.error(OAuthError.serverError(), null);
        };
    }
}
