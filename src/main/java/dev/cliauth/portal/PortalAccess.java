package dev.cliauth.portal;

import dev.cliauth.account.Account;
import dev.cliauth.account.AccountRepository;
import dev.cliauth.account.Passwords;
import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.verification.Browser;
import dev.cliauth.verification.Browsers;
import dev.cliauth.verification.Limited;
import dev.cliauth.verification.Pages;
import dev.cliauth.verification.SignInLimiter;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;

/**
 * Who may use the portal: an admin of the org the path names (SPEC §8). A browser that is not
 * signed in gets the sign-in form (which leads back here); a signed-in account that is not an
 * admin gets 403 and a {@code forbidden} audit event, on every route. A change must carry the
 * page's CSRF token, and is refused while the sign-in is older than the org's re-authentication
 * time: the pages then ask for the password first ({@link #confirm}, checked and limited as a
 * sign-in is). Nothing is changed otherwise.
 */
@Singleton
@Requires(env = Functions.PORTAL)
public class PortalAccess {

    private final Browsers browsers;
    private final AccountRepository accounts;
    private final SignInLimiter limiter;
    private final AuditTrail audit;
    private final Clock clock;

    public PortalAccess(Browsers browsers, AccountRepository accounts, SignInLimiter limiter, AuditTrail audit, Clock clock) {
        this.browsers = browsers;
        this.accounts = accounts;
        this.limiter = limiter;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a portal route does for an admin. */
    @FunctionalInterface
    public interface Shown {
        MutableHttpResponse<String> show(Browser admin);
    }

    /** What a portal form does for an admin, its token and password checked. */
    @FunctionalInterface
    public interface Changed {
        MutableHttpResponse<String> change(Browser admin, FormParameters form);
    }

    /** A page: for an admin, {@code shown}; for anyone else the sign-in form or 403. */
    public HttpResponse<String> page(WebRequest request, Shown shown) {
        Browser browser = browsers.of(request);
        if (browser.session() == null) {
            return browsers.respond(browser, browsers.signInWithoutCode(browser, "portal", null, null));
        }
        if (!browser.account().admin()) {
            return refused(request, browser);
        }
        return shown.show(browser);
    }

    /** A form: CSRF-checked, an admin's, re-authenticated when it must be; then {@code changed}. */
    public HttpResponse<String> change(WebRequest request, Changed changed) {
        return browsers.post(request, (browser, form) -> {
            if (browser.session() == null) {
                return browsers.after(browser, Pages.formExpired());
            }
            if (!browser.account().admin()) {
                return refused(request, browser);
            }
            if (browsers.reauthNeeded(browser)) {
                return browsers.respond(browser, PortalOutcomes.confirmFirst(OrgPaths.portal(browser.org())));
            }
            return changed.change(browser, form);
        });
    }

    /**
     * {@code POST …/portal/confirm}: the admin's password again, checked and limited as a sign-in
     * is; then back to the page it was entered on ({@code next}, a portal place).
     */
    public HttpResponse<String> confirm(WebRequest request) {
        return browsers.post(request, (browser, form) -> {
            if (browser.session() == null) {
                return browsers.after(browser, Pages.formExpired());
            }
            if (!browser.account().admin()) {
                return refused(request, browser);
            }
            return reauthenticated(request, browser, form);
        });
    }

    private MutableHttpResponse<String> reauthenticated(WebRequest request, Browser browser, FormParameters form) {
        Account account = browser.account();
        long now = clock.millis();
        if (account.companyAccount() || !browsers.passwordSignIn(browser.org())) {
            // A company account has no password here (nor any account of an org with passwords off):
            // it signs in again with its provider.
            return browsers.respond(browser, PortalOutcomes.companyReauth());
        }
        Limited taken = limiter.take(browser.org(), account.email(), request.sourceIp(), now);
        if (taken instanceof Limited.Refused refused) {
            audit.record(AuditEvent.of(browser.org(), AuditEventType.LIMIT_HIT, now, null, List.of(), request.sourceIp(),
                    request.userAgent()).by(account.email(), account.subject()).detail("portal password"));
            return browsers.respond(browser, Pages.tooManySignIns(refused.retryAfterMillis()));
        }
        String password = form.get("password").orElse("");
        if (!Passwords.check(password, account.passwordHash(), !account.disabled())
                || !accounts.reauthenticated(browser.org(), account.email(), browser.session().id(), now)) {
            audit.record(AuditEvent.of(browser.org(), AuditEventType.SIGN_IN_FAILED, now, null, List.of(), request.sourceIp(),
                    request.userAgent()).by(account.email(), account.subject()).detail("portal password"));
            return browsers.respond(browser, PortalOutcomes.passwordWrong(OrgPaths.portal(browser.org())));
        }
        limiter.succeeded((Limited.Taken) taken);
        return browsers.redirect(browser.reauthenticated(now), OrgPaths.portal(browser.org()) + "/"
                + place(form.get("next").orElse("")), null);
    }

    /** The answer to an account that may not do what it asked: 403, and a {@code forbidden} event. */
    MutableHttpResponse<String> refused(WebRequest request, Browser browser) {
        audit.record(AuditEvent.of(browser.org(), AuditEventType.FORBIDDEN, clock.millis(), null, List.of(),
                request.sourceIp(), request.userAgent()).by(browser.account().email(), browser.account().subject())
                .detail("portal " + request.method() + " " + section(request.path())));
        return browsers.respond(browser, PortalOutcomes.forbidden());
    }

    /** The portal section a path names, for the audit event (never the raw path, which may carry anything). */
    static String section(String path) {
        for (String s : List.of("applications", "settings", "users", "audit")) {
            if (path.contains("/portal/" + s)) {
                return s;
            }
        }
        return "portal";
    }

    /** A portal place a form may return to: a section, or an application's page; else the applications. */
    static String place(String next) {
        return next.matches("(applications|settings|users|audit)") || next.matches("applications/[A-Za-z0-9._~-]{1,128}")
                ? next : "applications";
    }

    /** The frame of an admin's page in {@code section}, at {@code here}, with what the last change did or why a form was refused. */
    public PortalPages.Frame frame(Browser admin, String section, String here, @Nullable String notice, @Nullable String error) {
        return new PortalPages.Frame(browsers.csrf(admin), OrgPaths.portal(admin.org()), admin.account().email(),
                browsers.reauthNeeded(admin), notice, error, section, here);
    }

    /** Records a change an admin made ({@code portal_change}, with what changed). */
    public void changed(WebRequest request, Browser admin, String what, String clientId) {
        audit.record(AuditEvent.of(admin.org(), AuditEventType.PORTAL_CHANGE, clock.millis(), clientId, List.of(),
                request.sourceIp(), request.userAgent()).by(admin.account().email(), admin.account().subject()).detail(what));
    }
}
