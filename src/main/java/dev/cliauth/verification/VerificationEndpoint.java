package dev.cliauth.verification;

import dev.cliauth.account.Account;
import dev.cliauth.account.AccountRepository;
import dev.cliauth.account.Passwords;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.grant.GrantRepository;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.http.Route;
import dev.cliauth.http.Routes;
import dev.cliauth.lambda.Functions;
import dev.cliauth.lambda.PublicUrls;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The browser side of RFC 8628 §3.3: {@code GET/POST /device} (code entry), {@code POST /device/signin},
 * {@code POST /device/decision} and the stylesheet. Every POST needs a CSRF token bound to the
 * browser's nonce cookie and session.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class VerificationEndpoint implements Routes {

    private static final UserCodeFormat FORMAT = UserCodeFormat.DEFAULT;
    private static final String STYLE = readAsset("assets/style.css");

    private final GrantRepository grants;
    private final CodeEntryLimiter limiter;
    private final AccountRepository accounts;
    private final BrowserState browser;
    private final PublicUrls urls;
    private final Clock clock;

    public VerificationEndpoint(GrantRepository grants, CodeEntryLimiter limiter, AccountRepository accounts,
                                BrowserState browser, PublicUrls urls, Clock clock) {
        this.grants = grants;
        this.limiter = limiter;
        this.accounts = accounts;
        this.browser = browser;
        this.urls = urls;
        this.clock = clock;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.get("/device", this::entry),
                Route.post("/device", this::submitCode),
                Route.post("/device/signin", this::signIn),
                Route.post("/device/decision", this::decide),
                Route.get("/device/assets/*", this::asset));
    }

    public Response entry(Request request) {
        Visitor visitor = visitor(request);
        FormParameters query = FormParameters.parse(request.rawQuery());
        String prefill = query.get("user_code")
                .map(typed -> FORMAT.normalise(typed).map(FORMAT::display).orElse(""))
                .orElse("");
        return visitor.respond(Pages.codeEntry(visitor.csrf(), prefill, null, visitor.session));
    }

    public Response submitCode(Request request) {
        Visitor visitor = visitor(request);
        FormParameters form = form(request);
        if (!visitor.csrfValid(form)) {
            return visitor.respond(Pages.formExpired());
        }
        String typed = form.get("user_code").orElse("");
        Optional<String> code = FORMAT.normalise(typed);
        if (code.isEmpty()) {
            return visitor.respond(Pages.codeEntry(visitor.csrf(), "", "Enter the code exactly as your device shows it.", visitor.session));
        }
        if (visitor.session == null) {
            return visitor.respond(Pages.signIn(visitor.csrf(), FORMAT.display(code.get()), null, null));
        }
        return visitor.respond(confirmation(visitor, code.get(), request.sourceIp()));
    }

    public Response signIn(Request request) {
        Visitor visitor = visitor(request);
        FormParameters form = form(request);
        if (!visitor.csrfValid(form)) {
            return visitor.respond(Pages.formExpired());
        }
        Optional<String> code = FORMAT.normalise(form.get("user_code").orElse(""));
        if (code.isEmpty()) {
            return visitor.respond(Pages.codeEntry(visitor.csrf(), "", "Enter the code exactly as your device shows it.", visitor.session));
        }
        String display = FORMAT.display(code.get());
        String email = form.get("username").map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        String password = form.get("password").orElse("");
        Optional<Account> account = email.isEmpty() || email.length() > 254
                ? Optional.empty() : accounts.find(Keys.DEFAULT_ORG, email);
        boolean ok;
        if (account.isPresent()) {
            ok = Passwords.verify(password, account.get().passwordHash()) && !account.get().disabled();
        } else {
            Passwords.verifyNothing(password);
            ok = false;
        }
        if (!ok) {
            return visitor.respond(Pages.signIn(visitor.csrf(), display, email, "Email or password is incorrect."));
        }
        Account a = account.get();
        visitor.signIn(browser.newSession(a.subject(), a.email(), a.name()));
        return visitor.respond(confirmation(visitor, code.get(), request.sourceIp()));
    }

    public Response decide(Request request) {
        Visitor visitor = visitor(request);
        FormParameters form = form(request);
        if (!visitor.csrfValid(form)) {
            return visitor.respond(Pages.formExpired());
        }
        String decision = form.get("decision").orElse("");
        String grant = form.get("grant").orElse("");
        String app = form.get("app").orElse("");
        if (!(decision.equals("approve") || decision.equals("deny")) || grant.isEmpty() || grant.length() > 64) {
            return visitor.respond(Pages.badRequest());
        }
        Session s = visitor.session;
        if (s == null || !browser.grantSignatureValid(form.get("sig").orElse(null), grant, Keys.DEFAULT_ORG, app, s.id())) {
            return visitor.respond(Pages.formExpired());
        }
        boolean approve = decision.equals("approve");
        return switch (grants.decide(Keys.DEFAULT_ORG, grant, approve, s.subject(), s.email(), s.name(), clock.millis())) {
            case DONE -> visitor.respond(approve ? Pages.approved(app) : Pages.denied());
            case ALREADY_DECIDED -> visitor.respond(Pages.alreadyDecided());
            case EXPIRED -> visitor.respond(Pages.expired());
            case UNKNOWN -> visitor.respond(Pages.unknown());
            case ACCOUNT_UNAVAILABLE -> visitor.respond(Pages.accountUnavailable());
        };
    }

    /** The stylesheet; every other asset path is a 404 page. */
    public Response asset(Request request) {
        if (!"/device/assets/style.css".equals(request.path())) {
            return PageResponses.page(Pages.notFound());
        }
        return Response.ok(STYLE)
                .header("Content-Type", "text/css; charset=utf-8")
                .header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff");
    }

    /** The confirmation page for a code, or the page that says why there is none. */
    private Pages.Page confirmation(Visitor visitor, String code, String sourceIp) {
        long now = clock.millis();
        CodeEntryLimiter.Result taken = limiter.take(Keys.DEFAULT_ORG, sourceIp, visitor.limitKey(), now);
        if (taken instanceof CodeEntryLimiter.Result.Limited limited) {
            return Pages.tooManyAttempts(limited.retryAfterMillis());
        }
        Lookup lookup = lookup(code, now);
        if (lookup.page != null) {
            return lookup.page;
        }
        limiter.succeeded(((CodeEntryLimiter.Result.Taken) taken).attempt());
        Session s = visitor.session;
        IndexedGrant g = lookup.grant;
        return Pages.confirm(visitor.csrf(), browser.grantSignature(g.deviceCodeHash(), g.org(), g.clientName(), s.id()),
                g, FORMAT, s, now);
    }

    /** The one live grant with this code, or the page that explains why there is none. */
    private Lookup lookup(String code, long now) {
        List<IndexedGrant> found = grants.findByUserCode(Keys.DEFAULT_ORG, code);
        List<IndexedGrant> live = found.stream()
                .filter(g -> g.status() == GrantStatus.PENDING && !g.expiredAt(now))
                .toList();
        if (live.size() > 1) {
            return new Lookup(null, Pages.ambiguous());
        }
        if (live.size() == 1) {
            return new Lookup(live.get(0), null);
        }
        boolean expired = found.stream().anyMatch(g -> g.status() == GrantStatus.PENDING && g.expiredAt(now));
        return new Lookup(null, expired ? Pages.expired() : Pages.unknown());
    }

    private record Lookup(@Nullable IndexedGrant grant, @Nullable Pages.Page page) {
    }

    private static FormParameters form(Request request) {
        String type = request.header("content-type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return FormParameters.empty();
        }
        return FormParameters.parse(request.body());
    }

    private Visitor visitor(Request request) {
        boolean secure = secureCookies(request);
        String nonce = request.cookie(BrowserState.name(BrowserState.CSRF_COOKIE, secure));
        boolean validNonce = nonce != null && nonce.length() == 32 && nonce.matches("[A-Za-z0-9_-]+");
        Session session = browser.decode(request.cookie(BrowserState.name(BrowserState.SESSION_COOKIE, secure)))
                .orElse(null);
        return new Visitor(validNonce ? nonce : null, session, secure);
    }

    private boolean secureCookies(Request request) {
        String base = urls.base(request);
        return !(base.startsWith("http://localhost") || base.startsWith("http://127.0.0.1"));
    }

    /** One browser during one request: its nonce, its session and the cookies to set. */
    private final class Visitor {
        private final String presentedNonce;
        private String nonce;
        private boolean nonceChanged;
        private final boolean secure;
        private Session session;
        private boolean sessionChanged;

        Visitor(@Nullable String presentedNonce, @Nullable Session session, boolean secure) {
            this.presentedNonce = presentedNonce;
            this.nonce = presentedNonce != null ? presentedNonce : browser.newNonce();
            this.nonceChanged = presentedNonce == null;
            this.session = session;
            this.secure = secure;
        }

        String csrf() {
            return browser.csrfToken(nonce, session == null ? null : session.id());
        }

        /** The browser as the per-session limit sees it: its session, or before sign-in its nonce. */
        String limitKey() {
            return session != null ? "s:" + session.id() : "n:" + nonce;
        }

        boolean csrfValid(FormParameters form) {
            return browser.csrfValid(form.get("csrf").orElse(null), presentedNonce, session == null ? null : session.id());
        }

        /** Signs in and rotates the CSRF nonce, so nothing learned before sign-in is valid after it. */
        void signIn(Session fresh) {
            session = fresh;
            sessionChanged = true;
            nonce = browser.newNonce();
            nonceChanged = true;
        }

        Response respond(Pages.Page page) {
            Response response = PageResponses.page(page);
            if (nonceChanged) {
                response.cookie(cookie(BrowserState.name(BrowserState.CSRF_COOKIE, secure), nonce, -1));
            }
            if (sessionChanged) {
                long maxAge = Math.max(0, (session.expiresAt() - clock.millis()) / 1000);
                response.cookie(cookie(BrowserState.name(BrowserState.SESSION_COOKIE, secure), browser.encode(session), maxAge));
            }
            return response;
        }

        private String cookie(String name, String value, long maxAgeSeconds) {
            return name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax"
                    + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "")
                    + (secure ? "; Secure" : "");
        }
    }

    private static String readAsset(String path) {
        try (InputStream in = VerificationEndpoint.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing asset " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
