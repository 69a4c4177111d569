package dev.cliauth.verification;

import dev.cliauth.account.AccountRepository;
import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.config.Functions;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.time.Clock;
import java.util.List;

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
    private final AuditTrail audit;
    private final Clock clock;

    public SignOutEndpoint(Browsers browsers, AccountRepository accounts, AuditTrail audit, Clock clock) {
        this.browsers = browsers;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    @Post(uris = {"/device/signout", "/orgs/{orgId}/device/signout"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> signOut(WebRequest request) {
        return browsers.post(request, (browser, form) -> {
            if (browser.session() != null) {
                accounts.endSession(browser.org(), browser.session().email(), browser.session().id());
                audit.record(AuditEvent.of(browser.org(), AuditEventType.SIGNED_OUT, clock.millis(), null, List.of(),
                        request.sourceIp(), request.userAgent()).by(browser.session().email(), browser.session().subject()));
            }
            Browser out = browsers.signOut(browser);
            return browsers.after(out, Pages.signedOut(browsers.csrf(out)));
        });
    }
}
