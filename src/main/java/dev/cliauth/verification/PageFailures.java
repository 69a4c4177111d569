package dev.cliauth.verification;

import dev.cliauth.http.Failures;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.lambda.Functions;
import dev.cliauth.protocol.FailureKind;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Failures of the verification function as pages, never JSON and never internal detail: a
 * malformed form is a 400 page, DynamoDB trouble a friendly retry page (503, {@code Retry-After}),
 * anything unexpected a plain 500 page with the detail in the log.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class PageFailures implements Failures {

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
        return switch (FailureKind.classify(request, exception)) {
            case EXPECTED -> PageResponses.page(Pages.badRequest());
            case DEPENDENCY -> PageResponses.page(Pages.unavailable()).header("Retry-After", "2");
            case BUG -> PageResponses.page(Pages.serverError());
        };
    }
}
