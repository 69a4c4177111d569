package dev.cliauth.verification;

import dev.cliauth.account.Account;
import dev.cliauth.account.AccountRepository;
import dev.cliauth.config.Functions;
import dev.cliauth.config.PageSettings;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.org.UnknownOrg;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.web.PublicUrls;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import dev.cliauth.upstream.UpstreamConfig;
import dev.cliauth.upstream.UpstreamRepository;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;
import java.util.Optional;
import java.time.Duration;

/**
 * Reads a {@link Browser} from a request's cookies, checks its CSRF tokens, and answers it: the
 * rendered page plus the cookies it must keep ({@code HttpOnly}, {@code SameSite=Lax}, and
 * {@code Secure} with the {@code __Host-} prefix outside plain-HTTP localhost).
 */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class Browsers {

    static final String ENTER_EXACTLY = "code.retype";     // a message key

    private final BrowserState state;
    private final PageRenderer renderer;
    private final PublicUrls urls;
    private final Clock clock;
    private final OrgRepository orgs;
    private final AccountRepository accounts;
    private final PageSettings settings;

    private final UpstreamRepository upstreams;
    private final PageViews views;
    private final Messages messages;

    public Browsers(BrowserState state, PageRenderer renderer, PublicUrls urls, Clock clock, OrgRepository orgs,
                    AccountRepository accounts, PageSettings settings, UpstreamRepository upstreams, PageViews views,
                    Messages messages) {
        this.messages = messages;
        this.upstreams = upstreams;
        this.views = views;
        this.settings = settings;
        this.state = state;
        this.renderer = renderer;
        this.urls = urls;
        this.clock = clock;
        this.orgs = orgs;
        this.accounts = accounts;
    }

    /**
     * The browser on the pages of the org the request's path names ({@link UnknownOrg} when none).
     * A session cookie whose signature holds is then checked against its account, read strongly
     * consistently: the session must still be in the account's map (not signed out, not cleared by
     * a password change) and the account not disabled; otherwise the browser is signed out and the
     * cookie cleared. Its auth time is the account's record, not the cookie's.
     */
    public Browser of(WebRequest request) {
        String org = orgs.of(request).id();
        boolean secure = urls.secure(request);
        String nonce = request.cookie(BrowserState.name(BrowserState.CSRF_COOKIE, secure, org));
        boolean validNonce = nonce != null && nonce.length() == 32 && nonce.matches("[A-Za-z0-9_-]+");
        String sessionCookie = request.cookie(BrowserState.name(BrowserState.SESSION_COOKIE, secure, org));
        Session session = state.decode(org, sessionCookie).orElse(null);
        Account account = null;
        if (session != null) {
            account = accounts.find(org, session.email()).orElse(null);
            Account.SessionEntry live = account == null || account.disabled() || !account.subject().equals(session.subject())
                    ? null : account.session(session.id(), clock.millis());
            session = live == null ? null : session.withAuthTime(live.authTime());
            account = live == null ? null : account;
        }
        boolean ended = sessionCookie != null && session == null;
        Lang lang = messages.of(request, secure);
        return validNonce
                ? new Browser(nonce, nonce, session, false, false, secure, org, account, ended, lang)
                : new Browser(null, state.newNonce(), session, true, false, secure, org, account, ended, lang);
    }

    /**
     * The browser as its CSRF nonce cookie alone says, its session not looked at (no DynamoDB call):
     * for showing a page a form post kept ({@link PageViews}), which that post computed with the
     * session checked and which only this nonce's holder can show.
     */
    public Browser byNonce(WebRequest request) {
        String org = orgs.of(request).id();
        boolean secure = urls.secure(request);
        String nonce = request.cookie(BrowserState.name(BrowserState.CSRF_COOKIE, secure, org));
        boolean validNonce = nonce != null && nonce.length() == 32 && nonce.matches("[A-Za-z0-9_-]+");
        Lang lang = messages.of(request, secure);
        return validNonce
                ? new Browser(nonce, nonce, null, false, false, secure, org, null, false, lang)
                : new Browser(null, state.newNonce(), null, true, false, secure, org, null, false, lang);
    }

    /** The browser signed in as {@code session}'s account, with a fresh nonce. */
    public Browser signIn(Browser browser, Session session, Account account) {
        return browser.signedIn(session, account, state.newNonce());
    }

    /**
     * Whether Approve needs the password again: the browser's sign-in (or last re-authentication)
     * is older than its org's setting, else the deployment's {@code cliauth.pages.reauth-after}.
     */
    public boolean reauthNeeded(Browser browser) {
        Duration after = orgs.require(browser.org()).reauthAfter();
        long window = (after != null ? after : settings.reauthAfter()).toMillis();
        return browser.session() != null && clock.millis() - browser.session().authTime() > window;
    }

    /** The browser signed out, with a fresh nonce. */
    public Browser signOut(Browser browser) {
        return browser.signedOut(state.newNonce());
    }

    /** The CSRF token of forms rendered for {@code browser}. */
    public String csrf(Browser browser) {
        return state.csrfToken(browser.org(), browser.nonce(), browser.session() == null ? null : browser.session().id());
    }

    /** Whether the form's token was rendered for this browser (its presented nonce and session). */
    public boolean csrfValid(Browser browser, FormParameters form) {
        return state.csrfValid(browser.org(), form.get("csrf").orElse(null), browser.presentedNonce(),
                browser.session() == null ? null : browser.session().id());
    }

    /** What a page's form does once its CSRF token has been checked. */
    @FunctionalInterface
    public interface FormHandler {
        MutableHttpResponse<String> handle(Browser browser, FormParameters form);
    }

    /**
     * A form posted by a page: parsed strictly ({@link PageForms}) and handed on only when it carries
     * the CSRF token rendered for this browser; otherwise the "form expired" page.
     */
    public MutableHttpResponse<String> post(WebRequest request, FormHandler handler) {
        Browser browser = of(request);
        FormParameters form = PageForms.of(request);
        if (!csrfValid(browser, form)) {
            return after(browser, Pages.formExpired());
        }
        return handler.handle(browser, form);
    }

    /** The code entry form again, saying the code was not typed as the device shows it. */
    public MutableHttpResponse<String> retypeCode(Browser browser) {
        return after(browser, Pages.codeEntry(csrf(browser), "", ENTER_EXACTLY, browser.session()));
    }

    /** The page, with the cookies the browser must now keep. */
    public MutableHttpResponse<String> respond(Browser browser, Page page) {
        return withCookies(browser, renderer.render(page, OrgPaths.devicePage(browser.org()), browser.lang(),
                Brand.of(orgs.require(browser.org()))));
    }

    /**
     * Where a form post ends: a 303 to {@code /device/view?v=…}, which shows {@code page} (kept in a
     * signed cookie, {@link PageViews}), so Back and reload never resubmit the form. A page that
     * cannot be kept is sent as it is.
     */
    public MutableHttpResponse<String> after(Browser browser, Page page) {
        Optional<PageViews.Kept> kept = views.keep(browser, page);
        if (kept.isEmpty()) {
            return respond(browser, page);
        }
        MutableHttpResponse<String> response = redirect(browser, OrgPaths.devicePage(browser.org()) + "/view?v="
                + kept.get().id(), null);
        response.getHeaders().add("Set-Cookie", cookie(BrowserState.name(PageViews.COOKIE, browser.secure(), browser.org()),
                kept.get().cookie(), PageViews.MAX_AGE_SECONDS, browser.secure()));
        return response;
    }

    /** The page a form post kept for this browser under {@code viewId}, if it is there. */
    public Optional<Page> kept(WebRequest request, Browser browser, String viewId) {
        return views.shown(browser, viewId, request.cookie(BrowserState.name(PageViews.COOKIE, browser.secure(), browser.org())));
    }

    /** A 303 to {@code location} (the org's OpenID provider), with the cookies the browser must now keep. */
    public MutableHttpResponse<String> redirect(Browser browser, String location, String alsoPostsTo) {
        return withCookies(browser, renderer.redirect(location, alsoPostsTo));
    }

    /** The org's company sign-in, if it has one. */
    public Optional<UpstreamConfig> companySignIn(String org) {
        return upstreams.find(org);
    }

    /** The sign-in form for {@code displayCode}, with the org's company sign-in when it has one. */
    public Page signInPage(Browser browser, String displayCode, @Nullable String email, @Nullable String error) {
        Optional<UpstreamConfig> company = upstreams.find(browser.org());
        return Pages.signIn(csrf(browser), displayCode, email, error, company.map(UpstreamConfig::displayName).orElse(null),
                        !passwordSignIn(browser.org()))
                .postingTo(company.map(UpstreamConfig::authorizationOrigin).orElse(null));
    }

    /** The sign-in form without a code, leading to {@code next} ({@code devices} or {@code portal}). */
    public Page signInWithoutCode(Browser browser, String next, @Nullable String email, @Nullable String error) {
        return Pages.signInWithoutCode(csrf(browser), next, email, error, !passwordSignIn(browser.org()));
    }

    /**
     * Whether {@code org}'s people may sign in with a password: on unless the org turned it off,
     * which holds only while it has a company sign-in (else nobody could sign in).
     */
    public boolean passwordSignIn(String org) {
        return orgs.require(org).passwordSignIn() || upstreams.find(org).isEmpty();
    }

    private MutableHttpResponse<String> withCookies(Browser browser, MutableHttpResponse<String> response) {
        if (browser.lang().chosen() != null) {
            response.getHeaders().add("Set-Cookie", cookie(BrowserState.name(Messages.LANG_COOKIE, browser.secure()),
                    browser.lang().chosen(), 31_536_000, browser.secure()));
        }
        if (browser.nonceIsNew()) {
            response.getHeaders().add("Set-Cookie", cookie(BrowserState.name(BrowserState.CSRF_COOKIE, browser.secure(),
                    browser.org()), browser.nonce(), -1, browser.secure()));
        }
        if (browser.sessionEnded()) {
            response.getHeaders().add("Set-Cookie", cookie(BrowserState.name(BrowserState.SESSION_COOKIE, browser.secure(),
                    browser.org()), "", 0, browser.secure()));
        }
        if (browser.sessionIsNew()) {
            long maxAge = Math.max(0, (browser.session().expiresAt() - clock.millis()) / 1000);
            response.getHeaders().add("Set-Cookie", cookie(BrowserState.name(BrowserState.SESSION_COOKIE, browser.secure(),
                    browser.org()), state.encode(browser.org(), browser.session()), maxAge, browser.secure()));
        }
        return response;
    }

    private static String cookie(String name, String value, long maxAgeSeconds, boolean secure) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax"
                + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "")
                + (secure ? "; Secure" : "");
    }
}
