package dev.cliauth.protocol;

import dev.cliauth.config.Functions;
import dev.cliauth.org.UnknownOrg;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.NotAllowedException;
import io.micronaut.http.server.exceptions.NotAllowedExceptionHandler;
import io.micronaut.http.server.exceptions.NotFoundException;
import jakarta.inject.Singleton;

/**
 * The exception handlers of the OAuth API functions: every failure becomes RFC 6749 §5.2 JSON,
 * rendered by {@link ApiResponses#error}. Expected outcomes are rendered as they are; a DynamoDB
 * failure is 503 {@code temporarily_unavailable}; an unknown path or org 404 and a wrong method 405 with
 * {@code Allow}; anything else a generic {@code server_error}. Details go to the log
 * ({@link FailureKind}), never to the client.
 */
public final class ApiErrorHandlers {

    private ApiErrorHandlers() {
    }

    /** Expected outcomes, dependency failures and bugs: whatever an endpoint threw. */
    @Singleton
    @Requires(env = {Functions.DEVICE_AUTHORIZATION, Functions.TOKEN})
    public static class Failures implements ExceptionHandler<Exception, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, Exception exception) {
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

    /** No route has this path. */
    @Singleton
    @Requires(env = {Functions.DEVICE_AUTHORIZATION, Functions.TOKEN})
    public static class NotFound implements ExceptionHandler<NotFoundException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, NotFoundException exception) {
            return ApiResponses.error(new OAuthError(OAuthError.INVALID_REQUEST, "No such endpoint.", 404, null), null);
        }
    }

    /** A path naming an org that does not exist: 404, like a path without a route (SPEC §2). */
    @Singleton
    @Requires(env = {Functions.DEVICE_AUTHORIZATION, Functions.TOKEN})
    public static class OrgNotFound implements ExceptionHandler<UnknownOrg, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, UnknownOrg exception) {
            return ApiResponses.error(new OAuthError(OAuthError.INVALID_REQUEST, "No such org.", 404, null), null);
        }
    }

    /** A route has this path but not this method: 405 with the methods it has. */
    @Singleton
    @Replaces(NotAllowedExceptionHandler.class)
    @Requires(env = {Functions.DEVICE_AUTHORIZATION, Functions.TOKEN})
    public static class NotAllowed implements ExceptionHandler<NotAllowedException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, NotAllowedException exception) {
            return ApiResponses.error(new OAuthError(OAuthError.INVALID_REQUEST, "Method not allowed.", 405, null), null)
                    .header("Allow", String.join(", ", new java.util.TreeSet<>(exception.getAllowedMethods())));
        }
    }
}
