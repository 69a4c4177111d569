package dev.cliauth.verification;

import dev.cliauth.lambda.Functions;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.protocol.OAuthException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Errors of the verification function as pages, never JSON and never internal detail. */
public final class PageErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(PageErrorHandlers.class);

    private PageErrorHandlers() {
    }

    /** A malformed form (repeated or badly encoded fields) is a 400 page. */
    @Singleton
    @Requires(env = Functions.VERIFICATION)
    public static class MalformedForm implements ExceptionHandler<OAuthException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, OAuthException exception) {
            return PageResponses.page(Pages.badRequest());
        }
    }

    /** DynamoDB trouble: a friendly retry page with 503 and {@code Retry-After}. */
    @Singleton
    @Requires(env = Functions.VERIFICATION)
    public static class Unavailable implements ExceptionHandler<DependencyFailure, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, DependencyFailure exception) {
            LOG.warn("dependency failure on {} {}: {}", request.getMethod(), request.getPath(), exception.getMessage());
            return PageResponses.page(Pages.unavailable()).header("Retry-After", "2");
        }
    }

    /** Any DynamoDB failure that escaped a repository: the same retry page. */
    @Singleton
    @Requires(env = Functions.VERIFICATION)
    public static class SdkUnavailable implements ExceptionHandler<SdkException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, SdkException exception) {
            LOG.warn("DynamoDB failure on {} {}: {}", request.getMethod(), request.getPath(), exception.getClass().getSimpleName());
            return PageResponses.page(Pages.unavailable()).header("Retry-After", "2");
        }
    }

    /** Errors Micronaut raises itself (no route, wrong method, unexpected exception). */
    @Singleton
    @Requires(env = Functions.VERIFICATION)
    public static class Processor implements ErrorResponseProcessor<String> {
        @Override
        @SuppressWarnings("unchecked")
        public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
            int status = response.code();
            Pages.Page page = status == 404 ? Pages.notFound()
                    : status == 503 ? Pages.unavailable()
                    : status >= 500 ? Pages.serverError()
                    : new Pages.Page(status, Pages.badRequest().html());
            MutableHttpResponse<String> out = (MutableHttpResponse<String>) response;
            return PageResponses.secure(out.body(page.html()));
        }
    }
}
