package dev.cliauth.verification;

import dev.cliauth.account.Account;
import dev.cliauth.account.AccountRepository;
import dev.cliauth.account.Passwords;
import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgPaths;
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
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /device/signin} (and under {@code /orgs/{orgId}}): email and password of a built-in
 * account of the org (SPEC §6), then on to the
 * confirmation of the code the user typed. Attempts are limited per account and per source
 * ({@link SignInLimiter}); every failure does the same work ({@link Passwords#check}), so neither
 * the answer nor its time tells unknown emails, wrong passwords and disabled accounts apart.
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class SignInEndpoint {

    private final Browsers browsers;
    private final BrowserState state;
    private final AccountRepository accounts;
    private final CodeLookup lookup;
    private final SignInLimiter limiter;
    private final AuditTrail audit;
    private final Clock clock;

    public SignInEndpoint(Browsers browsers, BrowserState state, AccountRepository accounts, CodeLookup lookup,
                          SignInLimiter limiter, AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.browsers = browsers;
        this.state = state;
        this.accounts = accounts;
        this.lookup = lookup;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Post(uris = {"/device/signin", "/orgs/{orgId}/device/signin"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> signIn(WebRequest request) {
        return browsers.post(request, (browser, form) -> signIn(request, browser, form));
    }

    private MutableHttpResponse<String> signIn(WebRequest request, Browser browser, FormParameters form) {
        boolean toPortal = form.get("next").filter("portal"::equals).isPresent();
        boolean toDevices = toPortal || form.get("next").filter("devices"::equals).isPresent();
        Optional<UserCodeFormat.Typed> code = CodeLookup.typed(form);
        if (code.isEmpty() && !toDevices) {
            return browsers.retypeCode(browser);
        }
        if (!browsers.passwordSignIn(browser.org())) {
            return browsers.after(browser, Pages.passwordsOff());      // nothing checked, nothing counted
        }
        String display = code.map(UserCodeFormat.Typed::shown).orElse(null);
        String email = form.get("username").map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        String password = form.get("password").orElse("");
        long now = clock.millis();
        // What was typed as the email is recorded only once it names an account: people type their
        // password into the wrong field, and the audit trail must never hold one.
        AuditEvent event = AuditEvent.of(browser.org(), AuditEventType.SIGN_IN_FAILED, now, null, List.of(),
                request.sourceIp(), request.userAgent());
        Limited taken = limiter.take(browser.org(), email, request.sourceIp(), now);
        if (taken instanceof Limited.Refused refused) {
            // No account is read over a limit, so the event names none; the failures before it do.
            audit.record(new AuditEvent(event.org(), AuditEventType.LIMIT_HIT, now, null, null, null, List.of(),
                    event.sourceIp(), event.userAgent(), "sign-in attempts", null, null));
            return browsers.after(browser, Pages.tooManySignIns(refused.retryAfterMillis()));
        }
        Optional<Account> account = email.isEmpty() || email.length() > 254
                ? Optional.empty() : accounts.find(browser.org(), email);
        event = account.isPresent() ? event.by(account.get().email(), null) : event.detail("no such account");
        boolean ok = Passwords.check(password, account.map(Account::passwordHash).orElse(null),
                account.isPresent() && !account.get().disabled());
        Session session = ok ? state.newSession(account.get().subject(), account.get().email(), account.get().name()) : null;
        // The session exists once the account item holds it: refused if the password changed or the
        // account was disabled since it was read, which then counts as the failure it now is.
        if (!ok || !accounts.startSession(account.get(), session.id(),
                new Account.SessionEntry(session.authTime(), session.expiresAt()), clock.millis())) {
            audit.record(event);
            return browsers.after(browser, toDevices ? browsers.signInWithoutCode(browser, toPortal ? "portal" : "devices",
                    email, "signin.wrong")
                    : browsers.signInPage(browser, display, email, "signin.wrong"));
        }
        AuditEvent signedInEvent = new AuditEvent(event.org(), AuditEventType.SIGNED_IN, now, account.get().email(),
                account.get().subject(), null, List.of(), event.sourceIp(), event.userAgent(), null, null, null);
        audit.logged(signedInEvent);
        limiter.succeeded((Limited.Taken) taken, audit.put(signedInEvent));     // the item rides on the give-back
        Browser signedIn = browsers.signIn(browser, session, account.get());
        if (toDevices) {
            return browsers.redirect(signedIn, toPortal ? OrgPaths.portal(browser.org()) + "/applications"
                    : OrgPaths.devicesPage(browser.org()), null);
        }
        return browsers.after(signedIn, lookup.confirmation(signedIn, code.get(), request.sourceIp()));
    }
}
