package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import dev.cliauth.org.UnknownOrg;
import dev.cliauth.protocol.FailureKind;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.NotAllowedException;
import io.micronaut.http.server.exceptions.NotAllowedExceptionHandler;
import io.micronaut.http.server.exceptions.NotFoundException;
import jakarta.inject.Singleton;

/**
 * The exception handlers of the verification function: every failure is a page, never JSON and
 * never internal detail. A malformed form is a 400 page, DynamoDB trouble a retry page (503,
 * {@code Retry-After}), an unknown path or org a 404 page, a wrong method 405 with {@code Allow},
 * anything else a plain 500 page with the detail in the log ({@link FailureKind}).
 */
public final class PageErrorHandlers {

    private PageErrorHandlers() {
    }

    /** The reader's languages, from the checked request (Micronaut's own carries no headers: {@code CheckedEvent}). */
    @Nullable
    private static String acceptLanguage(HttpRequest<?> request) {
        return WebRequest.of(request).map(r -> r.header("accept-language")).orElse(null);
    }

    /** Whatever an endpoint threw. */
    @Singleton
    @Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
    public static class Failures implements ExceptionHandler<Exception, HttpResponse<?>> {
        private final PageRenderer renderer;

        public Failures(PageRenderer renderer) {
            this.renderer = renderer;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, Exception exception) {
            String devicePath = PageRenderer.devicePathOf(request.getPath());
            return switch (FailureKind.classify(request, exception)) {
                case EXPECTED -> renderer.render(Pages.badRequest(), devicePath, acceptLanguage(request));
                case DEPENDENCY -> renderer.render(Pages.unavailable(), devicePath, acceptLanguage(request)).header("Retry-After", "2");
                case BUG -> renderer.render(Pages.serverError(), devicePath, acceptLanguage(request));
            };
        }
    }

    /** No page at this path. */
    @Singleton
    @Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
    public static class NotFound implements ExceptionHandler<NotFoundException, HttpResponse<?>> {
        private final PageRenderer renderer;

        public NotFound(PageRenderer renderer) {
            this.renderer = renderer;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, NotFoundException exception) {
            return renderer.render(Pages.notFound(), PageRenderer.devicePathOf(request.getPath()), acceptLanguage(request));
        }
    }

    /** A path naming an org that does not exist: the same page as a path without a route. */
    @Singleton
    @Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
    public static class OrgNotFound implements ExceptionHandler<UnknownOrg, HttpResponse<?>> {
        private final PageRenderer renderer;

        public OrgNotFound(PageRenderer renderer) {
            this.renderer = renderer;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, UnknownOrg exception) {
            return renderer.render(Pages.notFound());
        }
    }

    /** A page that does not accept this method. */
    @Singleton
    @Replaces(NotAllowedExceptionHandler.class)
    @Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
    public static class NotAllowed implements ExceptionHandler<NotAllowedException, HttpResponse<?>> {
        private final PageRenderer renderer;

        public NotAllowed(PageRenderer renderer) {
            this.renderer = renderer;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, NotAllowedException exception) {
            return renderer.render(Pages.methodNotAllowed(), PageRenderer.devicePathOf(request.getPath()), acceptLanguage(request))
                    .header("Allow", String.join(", ", new java.util.TreeSet<>(exception.getAllowedMethods())));
        }
    }
}
