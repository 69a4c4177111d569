package dev.cliauth.verification;

import dev.cliauth.http.Failures;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.lambda.Functions;
import dev.cliauth.logging.Traces;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.protocol.OAuthException;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Failures of the verification function as pages, never JSON and never internal detail: a
 * malformed form is a 400 page, DynamoDB trouble a friendly retry page (503, {@code Retry-After}),
 * anything unexpected a plain 500 page with the detail in the log.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class PageFailures implements Failures {

    private static final Logger LOG = LoggerFactory.getLogger(PageFailures.class);

    @Override
    public Response rejected(int status, String reason) {
        return PageResponses.page(Pages.rejected(status, reason));
    }

    @Override
    public Response noRoute(int status, String allow) {
        if (status == 405) {
            return PageResponses.page(Pages.methodNotAllowed()).header("Allow", allow);
        }
        return PageResponses.page(Pages.notFound());
    }

    @Override
    public Response failed(Request request, RuntimeException exception) {
        if (exception instanceof OAuthException) {
            return PageResponses.page(Pages.badRequest());
        }
        if (exception instanceof DependencyFailure failure) {
            LOG.warn("dependency failure on {} {}: {}: {}", request.method(), request.path(), failure.getMessage(),
                    Traces.withoutMessages(failure.getCause() == null ? failure : failure.getCause()));
            return unavailable();
        }
        if (exception instanceof SdkException) {
            LOG.warn("DynamoDB failure on {} {}: {}", request.method(), request.path(), Traces.withoutMessages(exception));
            return unavailable();
        }
        LOG.error("unexpected failure on {} {}: {}", request.method(), request.path(), Traces.withoutMessages(exception));
        return PageResponses.page(Pages.serverError());
    }

    private static Response unavailable() {
        return PageResponses.page(Pages.unavailable()).header("Retry-After", "2");
    }
}
