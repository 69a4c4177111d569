package dev.cliauth.protocol;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns exceptions of the OAuth API functions into RFC 6749 JSON. Expected OAuth outcomes are
 * rendered as they are; a dependency failure is 503 {@code temporarily_unavailable}. The detail
 * goes to the log, never to the client.
 */
public final class ApiErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandlers.class);

    private ApiErrorHandlers() {
    }

    /** Renders {@link OAuthException}. */
    @Singleton
    @Requires(env = {"device-authorization", "token"})
    public static class OAuthErrors implements ExceptionHandler<OAuthException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, OAuthException exception) {
            return ApiResponses.error(exception.error(), exception.interval());
        }
    }

    /**
     * Any DynamoDB failure a repository did not turn into an outcome (throttling, timeouts,
     * service errors, an unexpected condition failure) is a dependency failure too.
     */
    @Singleton
    @Requires(env = {"device-authorization", "token"})
    public static class SdkErrors implements ExceptionHandler<SdkException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, SdkException exception) {
            LOG.warn("DynamoDB failure on {} {}: {}", request.getMethod(), request.getPath(), exception.getClass().getSimpleName());
            return ApiResponses.error(OAuthError.temporarilyUnavailable(), null);
        }
    }

    /** Renders {@link DependencyFailure} as 503 with {@code Retry-After}. */
    @Singleton
    @Requires(env = {"device-authorization", "token"})
    public static class DependencyErrors implements ExceptionHandler<DependencyFailure, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, DependencyFailure exception) {
            LOG.warn("dependency failure on {} {}: {}", request.getMethod(), request.getPath(), exception.getMessage(),
                    exception.getCause());
            return ApiResponses.error(OAuthError.temporarilyUnavailable(), null);
        }
    }
}
