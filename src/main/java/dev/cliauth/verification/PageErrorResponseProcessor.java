package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Errors Micronaut raises and renders itself, as pages without Micronaut's own message. */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class PageErrorResponseProcessor implements ErrorResponseProcessor<String> {

    private final PageRenderer renderer;

    public PageErrorResponseProcessor(PageRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        Page page = status == 404 ? Pages.notFound()
                : status == 503 ? Pages.unavailable()
                : status >= 500 ? Pages.serverError()
                : new Page(status, "outcome.jte", Pages.badRequest().model());
        MutableHttpResponse<String> out = (MutableHttpResponse<String>) response;
        return renderer.secured(out.body(renderer.html(page)));
    }
}
