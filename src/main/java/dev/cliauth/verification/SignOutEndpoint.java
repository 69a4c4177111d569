package dev.cliauth.verification;

import dev.cliauth.account.AccountRepository;
import dev.cliauth.config.Functions;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/**
 * {@code POST /device/signout} (and under {@code /orgs/{orgId}}): "Not you? Sign out" on every
 * signed-in page (SPEC §6). Ends the session server-side, in the account item, so the cookie is
 * worthless even if a copy survives, then clears it and shows the code entry form.
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class SignOutEndpoint {

    private final Browsers browsers;
    private final AccountRepository accounts;

    public SignOutEndpoint(Browsers browsers, AccountRepository accounts) {
        this.browsers = browsers;
        this.accounts = accounts;
    }

    @Post(uris = {"/device/signout", "/orgs/{orgId}/device/signout"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> signOut(WebRequest request) {
        return browsers.post(request, (browser, form) -> {
            if (browser.session() != null) {
                accounts.endSession(browser.org(), browser.session().email(), browser.session().id());
            }
            Browser out = browsers.signOut(browser);
            return browsers.respond(out, Pages.signedOut(browsers.csrf(out)));
        });
    }
}
