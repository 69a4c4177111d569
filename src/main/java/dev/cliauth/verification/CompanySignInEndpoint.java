package dev.cliauth.verification;

import dev.cliauth.account.Account;
import dev.cliauth.account.AccountRepository;
import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.Rules;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.store.Counters;
import dev.cliauth.store.Counters.Counter;
import dev.cliauth.upstream.CompanySignIn;
import dev.cliauth.upstream.UpstreamConfig;
import dev.cliauth.upstream.UpstreamFailure;
import dev.cliauth.web.PublicUrls;
import dev.cliauth.web.SourceAddress;
import dev.cliauth.web.VisibleText;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Company sign-in on the verification pages (SPEC §6): {@code POST /device/sso} sends the browser
 * to the org's OpenID provider, {@code GET /device/sso/callback} brings it back signed in and on to
 * the confirmation of the code it typed; the same under {@code /orgs/{orgId}}. The first sign-in of
 * a provider's subject creates its account (only for a verified email of an allowed domain, and
 * never over an existing account); later ones find it by the subject, whatever the email says now.
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class CompanySignInEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(CompanySignInEndpoint.class);
    static final long START_WINDOW_MILLIS = 10 * 60_000;

    private final Browsers browsers;
    private final BrowserState state;
    private final CompanySignIn signIn;
    private final AccountRepository accounts;
    private final CodeLookup lookup;
    private final Counters counters;
    private final AuditTrail audit;
    private final PublicUrls urls;
    private final SecureRandom random;
    private final Clock clock;
    private final long startsPerSource;

    public CompanySignInEndpoint(Browsers browsers, BrowserState state, CompanySignIn signIn, AccountRepository accounts,
                                 CodeLookup lookup, Counters counters, AuditTrail audit, PublicUrls urls, SecureRandom random,
                                 Clock clock, @Value("${cliauth.limits.company-sign-ins-per-source:30}") long startsPerSource) {
        this.browsers = browsers;
        this.state = state;
        this.signIn = signIn;
        this.accounts = accounts;
        this.lookup = lookup;
        this.counters = counters;
        this.audit = audit;
        this.urls = urls;
        this.random = random;
        this.clock = clock;
        this.startsPerSource = startsPerSource;
    }

    @Post(uris = {"/device/sso", "/orgs/{orgId}/device/sso"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> start(WebRequest request) {
        return browsers.post(request, (browser, form) -> start(request, browser, form));
    }

    private MutableHttpResponse<String> start(WebRequest request, Browser browser, FormParameters form) {
        Optional<UserCodeFormat.Typed> code = CodeLookup.typed(form);
        if (code.isEmpty()) {
            return browsers.retypeCode(browser);
        }
        Optional<UpstreamConfig> company = browsers.companySignIn(browser.org());
        if (company.isEmpty()) {
            return browsers.after(browser, Pages.notFound());
        }
        long now = clock.millis();
        Counter starts = new Counter(browser.org(), "sso#ip#" + SourceAddress.key(request.sourceIp()), startsPerSource,
                START_WINDOW_MILLIS);
        Optional<Long> wait = counters.take(List.of(starts), now);
        if (wait.isPresent()) {
            audit.record(AuditEvent.of(browser.org(), AuditEventType.LIMIT_HIT, now, null, List.of(), request.sourceIp(),
                    request.userAgent()).detail("company sign-ins per source"));
            return browsers.after(browser, Pages.tooManyCompanySignIns(wait.get()));
        }
        try {
            String location = signIn.start(company.get(), callback(request, browser.org()), browser.presentedNonce(),
                    code.get().shown(), form.get("reauth").isPresent(), now);
            return browsers.redirect(browser, location, company.get().authorizationOrigin());
        } catch (UpstreamFailure f) {
            LOG.warn("company sign-in of org {} not started: {}", browser.org(), f.getMessage());
            return browsers.after(browser, Pages.companySignInFailed(f.reason()));
        }
    }

    @Get(uris = {"/device/sso/callback", "/orgs/{orgId}/device/sso/callback"}, produces = MediaType.ALL)
    public HttpResponse<String> callback(WebRequest request) {
        Browser browser = browsers.of(request);
        Optional<UpstreamConfig> company = browsers.companySignIn(browser.org());
        if (company.isEmpty()) {
            return browsers.after(browser, Pages.notFound());
        }
        UpstreamConfig config = company.get();
        FormParameters query = FormParameters.parse(request.rawQuery());
        long now = clock.millis();
        AuditEvent failed = AuditEvent.of(browser.org(), AuditEventType.SIGN_IN_FAILED, now, null, List.of(),
                request.sourceIp(), request.userAgent());
        CompanySignIn.Finished finished;
        try {
            if (query.get("error").isPresent()) {
                // "error: ... access_denied ..." (RFC 6749 §4.1.2.1): the provider or the user said no.
                throw new UpstreamFailure(UpstreamFailure.Reason.CANCELLED, "the provider answered an error");
            }
            finished = signIn.finish(config, query.get("state").orElse(""), query.get("code").orElse(""),
                    query.get("iss").orElse(null), browser.presentedNonce(), callback(request, browser.org()), now);
        } catch (UpstreamFailure f) {
            LOG.warn("company sign-in of org {} refused: {}", browser.org(), f.getMessage());
            audit.record(failed.detail("company sign-in: " + f.reason().name().toLowerCase(Locale.ROOT)));
            return browsers.after(browser, Pages.companySignInFailed(f.reason()));
        }
        // The address as the admin tool and the portal take one: an account they could not name
        // (and so not disable) is never made here.
        Optional<String> verified = finished.email() == null || !finished.emailVerified() ? Optional.empty()
                : Rules.email(finished.email());
        if (verified.isEmpty()) {
            audit.record(failed.detail("company sign-in: no verified email"));
            return browsers.after(browser, Pages.companyEmailUnverified());
        }
        String email = verified.get();
        if (!config.allows(email)) {
            audit.record(failed.by(email, null).detail("company sign-in: email domain not allowed"));
            return browsers.after(browser, Pages.companyDomainNotAllowed());
        }
        Optional<Account> account = account(config, finished, email, now);
        if (account.isEmpty()) {
            audit.record(failed.by(email, null).detail("company sign-in: email has a password account"));
            return browsers.after(browser, Pages.companyEmailTaken());
        }
        Account a = account.get();
        Session fresh = state.newSession(a.subject(), a.email(), a.name());
        long authTime = finished.authTime() != null ? finished.authTime() : now;
        Session session = fresh.withAuthTime(authTime);
        if (a.disabled() || !accounts.startSession(a, session.id(), new Account.SessionEntry(authTime, session.expiresAt()), now)) {
            audit.record(failed.by(a.email(), a.subject()).detail("company sign-in: account disabled"));
            return browsers.after(browser, Pages.accountUnavailable());
        }
        audit.record(AuditEvent.of(browser.org(), AuditEventType.SIGNED_IN, now, null, List.of(), request.sourceIp(),
                request.userAgent()).by(a.email(), a.subject()).detail(finished.reauthentication()
                ? "company sign-in again" : "company sign-in"));
        Browser signedIn = browsers.signIn(browser, session, a);
        Optional<UserCodeFormat.Typed> code = UserCodeFormat.typed(finished.displayCode());
        if (code.isEmpty()) {
            return browsers.retypeCode(signedIn);
        }
        return browsers.after(signedIn, lookup.confirmation(signedIn, code.get(), request.sourceIp()));
    }

    /**
     * The account of the provider's subject: the linked one, or a new company account for
     * {@code email}. Empty when the email belongs to an account that is not this subject's.
     */
    private Optional<Account> account(UpstreamConfig config, CompanySignIn.Finished finished, String email, long now) {
        String org = config.org();
        String subjectHash = CompanySignIn.subjectHash(config.issuer(), finished.subject());
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<String> linked = accounts.linkedEmail(org, subjectHash);
            if (linked.isPresent()) {
                return accounts.find(org, linked.get()).filter(a -> finished.subject().equals(a.upstreamSubject()));
            }
            byte[] id = new byte[16];
            random.nextBytes(id);
            String name = finished.name() == null || finished.name().isBlank() ? email : VisibleText.safe(finished.name().strip());
            AccountRepository.Created created = accounts.createCompanyAccount(org, email,
                    name.length() > 200 ? name.substring(0, 200) : name, "usr_" + HexFormat.of().formatHex(id),
                    config.issuer(), finished.subject(), subjectHash, now);
            switch (created) {
                case CREATED:
                    return accounts.find(org, email);
                case EMAIL_TAKEN:
                    return Optional.empty();
                default:
                    // linked meanwhile by a concurrent first sign-in of the same subject: read it again
            }
        }
        return Optional.empty();
    }

    private String callback(WebRequest request, String org) {
        return urls.base(request) + OrgPaths.devicePage(org) + "/sso/callback";
    }
}
