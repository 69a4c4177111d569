package dev.cliauth.verification;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.Functions;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

import java.util.Optional;

/**
 * {@code GET /device} (the code entry form, prefilled from {@code ?user_code=}, RFC 8628 §3.3.1)
 * and {@code POST /device} (a typed code: sign in first, or straight to the confirmation); the same
 * under {@code /orgs/{orgId}} for each org's own pages.
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class CodeEntryEndpoint {

    private final Browsers browsers;
    private final CodeLookup lookup;

    public CodeEntryEndpoint(Browsers browsers, CodeLookup lookup) {
        this.browsers = browsers;
        this.lookup = lookup;
    }

    @Get(uris = {"/device", "/orgs/{orgId}/device"}, produces = MediaType.ALL)
    public HttpResponse<String> entry(WebRequest request) {
        Browser browser = browsers.of(request);
        String prefill = FormParameters.parse(request.rawQuery()).get("user_code")
                .map(typed -> UserCodeFormat.typed(typed).map(UserCodeFormat.Typed::shown).orElse(""))
                .orElse("");
        return browsers.respond(browser, Pages.codeEntry(browsers.csrf(browser), prefill, null, browser.session()));
    }

    @Post(uris = {"/device", "/orgs/{orgId}/device"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> submit(WebRequest request) {
        return browsers.post(request, (browser, form) -> {
            Optional<UserCodeFormat.Typed> code = CodeLookup.typed(form);
            if (code.isEmpty()) {
                return browsers.retypeCode(browser);
            }
            if (browser.session() == null) {
                return browsers.after(browser, browsers.signInPage(browser, code.get().shown(), null, null));
            }
            return browsers.after(browser, lookup.confirmation(browser, code.get(), request.sourceIp()));
        });
    }
}
