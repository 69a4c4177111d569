package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.Optional;

/**
 * {@code GET /device/view?v=…} (and under {@code /orgs/{orgId}}): the page a form post ended on
 * ({@link Browsers#after}). A view that is not this browser's, has expired or was replaced shows
 * the code entry form with a note, never another's page. A kept page costs no DynamoDB call.
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class ViewEndpoint {

    private final Browsers browsers;

    public ViewEndpoint(Browsers browsers) {
        this.browsers = browsers;
    }

    @Get(uris = {"/device/view", "/orgs/{orgId}/device/view"}, produces = MediaType.ALL)
    public HttpResponse<String> view(WebRequest request) {
        Browser byNonce = browsers.byNonce(request);     // the kept page was made with the session checked
        String id = FormParameters.parse(request.rawQuery()).get("v").orElse(null);
        Optional<Page> kept = browsers.kept(request, byNonce, id);
        if (kept.isPresent()) {
            return browsers.respond(byNonce, kept.get());
        }
        // Nothing kept: the code entry form, for the browser as its session says (its form's token needs it).
        Browser browser = browsers.of(request);
        return browsers.respond(browser, Pages.viewGone(browsers.csrf(browser), browser.session()));
    }
}
