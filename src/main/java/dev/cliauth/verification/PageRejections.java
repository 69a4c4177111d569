package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import dev.cliauth.web.Rejections;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/** Requests the Lambda adapter refused, answered as pages. */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class PageRejections implements Rejections {

    private final PageRenderer renderer;

    public PageRejections(PageRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public MutableHttpResponse<?> rejected(int status, String reason) {
        return renderer.render(status >= 500 ? Pages.serverError() : Pages.rejected(status, reason));
    }
}
