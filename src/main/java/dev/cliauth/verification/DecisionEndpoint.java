package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import dev.cliauth.grant.GrantRepository;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.time.Clock;

/**
 * {@code POST /device/decision} (and under {@code /orgs/{orgId}}): Approve or Deny on the confirmation page (RFC 8628 §3.3). The form
 * carries an HMAC-signed reference to the grant bound to the session, so the decision needs no
 * lookup and cannot be replayed by another browser.
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class DecisionEndpoint {

    private final Browsers browsers;
    private final BrowserState state;
    private final GrantRepository grants;
    private final Clock clock;

    public DecisionEndpoint(Browsers browsers, BrowserState state, GrantRepository grants, Clock clock) {
        this.browsers = browsers;
        this.state = state;
        this.grants = grants;
        this.clock = clock;
    }

    @Post(uris = {"/device/decision", "/orgs/{orgId}/device/decision"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> decide(WebRequest request) {
        return browsers.post(request, this::decide);
    }

    private MutableHttpResponse<String> decide(Browser browser, FormParameters form) {
        String decision = form.get("decision").orElse("");
        String grant = form.get("grant").orElse("");
        String app = form.get("app").orElse("");
        if (!(decision.equals("approve") || decision.equals("deny")) || grant.isEmpty() || grant.length() > 64) {
            return browsers.respond(browser, Pages.badRequest());
        }
        Session s = browser.session();
        if (s == null || !state.grantSignatureValid(form.get("sig").orElse(null), grant, browser.org(), app, s.id())) {
            return browsers.respond(browser, Pages.formExpired());
        }
        boolean approve = decision.equals("approve");
        Page outcome = switch (grants.decide(browser.org(), grant, approve, s.subject(), s.email(), s.name(), clock.millis())) {
            case DONE -> approve ? Pages.approved(app) : Pages.denied();
            case ALREADY_DECIDED -> Pages.alreadyDecided();
            case EXPIRED -> Pages.expired();
            case UNKNOWN -> Pages.unknown();
            case ACCOUNT_UNAVAILABLE -> Pages.accountUnavailable();
        };
        return browsers.respond(browser, outcome);
    }
}
