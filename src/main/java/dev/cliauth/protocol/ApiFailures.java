package dev.cliauth.protocol;

import dev.cliauth.http.Failures;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.lambda.Functions;
import dev.cliauth.logging.Traces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Failures of the OAuth API functions as RFC 6749 JSON (§5.2). Expected OAuth outcomes are
 * rendered as they are; a dependency failure, or a DynamoDB failure a repository did not turn
 * into an outcome, is 503 {@code temporarily_unavailable}; anything else is a generic
 * {@code server_error}. The detail goes to the log, never to the client.
 */
@Singleton
@Requires(env = {Functions.DEVICE_AUTHORIZATION, Functions.TOKEN})
public class ApiFailures implements Failures {

    private static final Logger LOG = LoggerFactory.getLogger(ApiFailures.class);

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
        if (exception instanceof OAuthException oauth) {
            return ApiResponses.error(oauth.error(), oauth.interval());
        }
        if (exception instanceof DependencyFailure failure) {
            LOG.warn("dependency failure on {} {}: {}: {}", request.method(), request.path(), failure.getMessage(),
                    Traces.withoutMessages(failure.getCause() == null ? failure : failure.getCause()));
            return ApiResponses.error(OAuthError.temporarilyUnavailable(), null);
        }
        if (exception instanceof SdkException) {
            LOG.warn("dependency failure on {} {}: {}", request.method(), request.path(), Traces.withoutMessages(exception));
            return ApiResponses.error(OAuthError.temporarilyUnavailable(), null);
        }
        LOG.error("unexpected failure on {} {}: {}", request.method(), request.path(), Traces.withoutMessages(exception));
        return ApiResponses.error(OAuthError.serverError(), null);
    }
}
