package dev.cliauth.verification;

import dev.cliauth.account.AccountRepository;
import dev.cliauth.account.Passwords;
import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.config.Functions;
import dev.cliauth.grant.Approver;
import dev.cliauth.grant.DeviceGrant;
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
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /device/decision} (and under {@code /orgs/{orgId}}): Approve or Deny on the
 * confirmation page (RFC 8628 §3.3). The form carries an HMAC-signed reference to the grant bound
 * to the session, so the decision needs no lookup and cannot be replayed by another browser; the
 * decision's transaction also requires the session to still exist. Approve asks for the password
 * again when the sign-in is older than the org's setting (SPEC §6); the tokens' {@code auth_time}
 * is when the password was last entered.
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class DecisionEndpoint {

    private final Browsers browsers;
    private final BrowserState state;
    private final GrantRepository grants;
    private final AccountRepository accounts;
    private final SignInLimiter limiter;
    private final AuditTrail audit;
    private final Clock clock;

    public DecisionEndpoint(Browsers browsers, BrowserState state, GrantRepository grants, AccountRepository accounts,
                            SignInLimiter limiter, AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.browsers = browsers;
        this.state = state;
        this.grants = grants;
        this.accounts = accounts;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Post(uris = {"/device/decision", "/orgs/{orgId}/device/decision"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> decide(WebRequest request) {
        return browsers.post(request, (browser, form) -> decide(request, browser, form));
    }

    private MutableHttpResponse<String> decide(WebRequest request, Browser browser, FormParameters form) {
        String decision = form.get("decision").orElse("");
        String grant = form.get("grant").orElse("");
        String app = form.get("app").orElse("");
        if (!(decision.equals("approve") || decision.equals("deny") || decision.equals("not_me")) || grant.isEmpty()
                || grant.length() > 64) {
            return browsers.after(browser, Pages.badRequest());
        }
        Session s = browser.session();
        String signature = form.get("sig").orElse(null);
        if (s == null || !state.grantSignatureValid(signature, grant, browser.org(), app, s.id())) {
            return browsers.after(browser, Pages.formExpired());
        }
        if (decision.equals("not_me")) {
            return notMe(request, browser, grant, app);
        }
        boolean approve = decision.equals("approve");
        Browser decided = browser;
        if (approve && browsers.reauthNeeded(browser)) {
            if (browser.account().companyAccount()) {
                return browsers.after(browser, Pages.companyReauthNeeded());    // no password: a new company sign-in
            }
            String password = form.get("password").orElse("");
            if (password.isEmpty()) {
                return browsers.after(browser, Pages.reauth(browsers.csrf(browser), grant, app, signature, s.email(), null));
            }
            long now = clock.millis();
            // Password attempts, as the portal's re-authentication records them: a limit hit and a wrong one are events.
            Limited taken = limiter.take(browser.org(), s.email(), request.sourceIp(), now);
            if (taken instanceof Limited.Refused refused) {
                audit.record(passwordAttempt(AuditEventType.LIMIT_HIT, request, browser, grant, now));
                return browsers.after(browser, Pages.tooManySignIns(refused.retryAfterMillis()));
            }
            if (!Passwords.check(password, browser.account().passwordHash(), true)) {
                audit.record(passwordAttempt(AuditEventType.SIGN_IN_FAILED, request, browser, grant, now));
                return browsers.after(browser, Pages.reauth(browsers.csrf(browser), grant, app, signature, s.email(),
                        "reauth.wrong"));
            }
            limiter.succeeded((Limited.Taken) taken);
            if (!accounts.reauthenticated(browser.org(), s.email(), s.id(), now)) {
                return browsers.after(browsers.signOut(browser), Pages.formExpired());
            }
            decided = browser.reauthenticated(now);
        }
        Session d = decided.session();
        Approver who = new Approver(d.subject(), d.email(), d.name(), browser.account().emailVerified(), d.id(), d.authTime(),
                request.sourceIp(), request.userAgent());
        long now = clock.millis();
        AuditEvent event = AuditEvent.of(browser.org(), approve ? AuditEventType.APPROVED : AuditEventType.DENIED, now, null,
                List.of(), request.sourceIp(), request.userAgent()).by(d.email(), d.subject()).login(grant).clientName(app);
        GrantRepository.Decision result = grants.decide(browser.org(), grant, approve, who, now, audit.put(event));
        if (result == GrantRepository.Decision.DONE) {
            audit.logged(event);
        }
        Page outcome = switch (result) {
            case DONE -> approve ? Pages.approved(app) : Pages.denied();
            case ALREADY_DECIDED -> Pages.alreadyDecided();
            case EXPIRED -> Pages.expired();
            case UNKNOWN -> Pages.unknown();
            case ACCOUNT_UNAVAILABLE -> Pages.accountUnavailable();
        };
        return browsers.after(decided, outcome);
    }

    /**
     * "This wasn't me" (SPEC §13): the request is denied, the browser signed out, and a security
     * event ({@code not_me}) names the device's request (its IP and user agent, from the grant) and
     * the browser that reported it; it is written in the denial's transaction, and the org's
     * webhook, if any, gets it from the table's stream (never from this request, which the page does
     * not wait on). The user's own approval the device has not redeemed yet is turned into a denial
     * too; a request answered otherwise is still reported and the browser still signed out.
     */
    private MutableHttpResponse<String> notMe(WebRequest request, Browser browser, String grant, String app) {
        Session s = browser.session();
        long now = clock.millis();
        Optional<DeviceGrant> stored = grants.find(browser.org(), grant);
        AuditEvent event = AuditEvent.of(browser.org(), AuditEventType.NOT_ME, now,
                        stored.map(DeviceGrant::clientId).orElse(null), stored.map(DeviceGrant::scopes).orElse(List.of()),
                        request.sourceIp(), request.userAgent())
                .by(s.email(), s.subject()).login(grant).clientName(app)
                .requester(stored.map(DeviceGrant::requesterIp).orElse(null), stored.map(DeviceGrant::requesterAgent).orElse(null));
        Approver who = new Approver(s.subject(), s.email(), s.name(), browser.account().emailVerified(), s.id(), s.authTime(),
                request.sourceIp(), request.userAgent());
        AuditEvent denied = event.detail("denied");
        GrantRepository.Decision result = grants.report(browser.org(), grant, who, now, audit.put(denied));
        switch (result) {
            case DONE -> audit.logged(denied);
            case ALREADY_DECIDED -> audit.record(event.detail("already answered"));
            case EXPIRED -> audit.record(event.detail("expired"));
            case UNKNOWN -> audit.record(event.detail("unknown"));
            case ACCOUNT_UNAVAILABLE -> audit.record(event.detail("account unavailable"));
        }
        accounts.endSession(browser.org(), s.email(), s.id());
        Browser out = browsers.signOut(browser);
        return browsers.after(out, Pages.notMe(result == GrantRepository.Decision.DONE || result == GrantRepository.Decision.EXPIRED));
    }

    /** An event about the password asked for before an approval, of the signed-in account. */
    private static AuditEvent passwordAttempt(AuditEventType type, WebRequest request, Browser browser, String grant, long now) {
        Session s = browser.session();
        return AuditEvent.of(browser.org(), type, now, null, List.of(), request.sourceIp(), request.userAgent())
                .by(s.email(), s.subject()).login(grant).detail("approval password");
    }
}
