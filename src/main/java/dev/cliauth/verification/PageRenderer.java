package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.org.OrgId;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import dev.cliauth.web.PublicUrls;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@link Page}s with the precompiled JTE templates (HTML escaping by default, decided at
 * build time) and adds the headers every page carries, in one place.
 */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class PageRenderer implements Primed {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    static final String DEFAULT_DEVICE_PATH = "/device";
    /** An origin that may join {@code form-action}: scheme, host and port, nothing a header could be split on. */
    private static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile(
            "https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final boolean httpsOnly;
    private final Messages messages;

    public PageRenderer(PublicUrls urls, Messages messages) {
        this.httpsOnly = urls.httpsOnly();
        this.messages = messages;
    }

    /** The page as a response of the default org's pages: status, HTML and the security headers. */
    public MutableHttpResponse<String> render(Page page) {
        return render(page, DEFAULT_DEVICE_PATH);
    }

    /**
     * The page as a response: status, HTML and the security headers; its forms and links lead to
     * {@code devicePath}, the verification page of the org it is for ({@code /device} or
     * {@code /orgs/{orgId}/device}).
     */
    public MutableHttpResponse<String> render(Page page, String devicePath) {
        return render(page, devicePath, Lang.ENGLISH, Brand.NONE);
    }

    /** An error page in the language the request's {@code Accept-Language} asks for. */
    public MutableHttpResponse<String> render(Page page, String devicePath, @Nullable String acceptLanguage) {
        return render(page, devicePath, messages.of(devicePath, acceptLanguage), Brand.NONE);
    }

    /**
     * The page in {@code lang}'s language, branded: the org's accent {@code <style>} is allowed by its
     * hash and its logo's origin by {@code img-src}, on this response only.
     */
    public MutableHttpResponse<String> render(Page page, String devicePath, Lang lang, Brand brand) {
        MutableHttpResponse<String> response = postingTo(secured(HttpResponse.<String>status(HttpStatus.valueOf(page.status()))
                .body(html(page, devicePath, lang, brand))), page.alsoPostsTo());
        if (brand.style() != null || brand.logoOrigin() != null) {
            String csp = response.getHeaders().get("Content-Security-Policy");
            if (brand.style() != null) {
                csp = csp.replace("style-src 'self';", "style-src 'self' 'sha256-" + sha256(brand.style()) + "';");
            }
            if (brand.logoOrigin() != null) {
                csp = csp.replace("img-src 'self';", "img-src 'self' " + brand.logoOrigin() + ";");
            }
            response.getHeaders().set("Content-Security-Policy", csp);
        }
        return response;
    }

    private static String sha256(String text) {
        try {
            return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 303 to {@code location} with the page headers: where a form leads on (the company sign-in). */
    public MutableHttpResponse<String> redirect(String location, @Nullable String alsoPostsTo) {
        return postingTo(secured(HttpResponse.<String>status(HttpStatus.SEE_OTHER).body("")).header("Location", location),
                alsoPostsTo);
    }

    /**
     * The company sign-in form posts here and is redirected on to the provider: a form's redirects
     * are held to {@code form-action} too, so the provider's origin, and only it, joins 'self'.
     */
    private static MutableHttpResponse<String> postingTo(MutableHttpResponse<String> response,
                                                         @Nullable String origin) {
        if (origin != null && ORIGIN.matcher(origin).matches()) {
            response.getHeaders().set("Content-Security-Policy", response.getHeaders().get("Content-Security-Policy")
                    .replace("form-action 'self';", "form-action 'self' " + origin + ";"));
        }
        return response;
    }

    /**
     * The page headers ({@link #secure}) and, outside plain-HTTP localhost (local mode), HSTS: a
     * deployment's pages are HTTPS only and browsers must not be talked into HTTP.
     */
    <T> MutableHttpResponse<T> secured(MutableHttpResponse<T> response) {
        MutableHttpResponse<T> out = secure(response);
        return httpsOnly ? out.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains") : out;
    }

    /** The page's HTML, for the default org's pages. */
    public String html(Page page) {
        return html(page, DEFAULT_DEVICE_PATH);
    }

    /** The page's HTML, its forms and links leading to {@code devicePath}. */
    public String html(Page page, String devicePath) {
        return html(page, devicePath, Lang.ENGLISH, Brand.NONE);
    }

    /** The page's HTML in {@code lang}'s language, with {@code brand}. */
    public String html(Page page, String devicePath, Lang lang, Brand brand) {
        StringOutput out = new StringOutput(2048);
        templates.render(page.template(), Map.of("page", page.model(), "devicePath", devicePath, "t", messages.text(lang),
                "brand", brand), out);
        return out.toString();
    }

    /**
     * The verification page of the org a request path names, for pages that answer a failure; the
     * default org's when the path names no well-formed org id.
     */
    static String devicePathOf(String requestPath) {
        String org = OrgId.ofPath(requestPath);
        return OrgId.valid(org) ? OrgPaths.devicePage(org) : DEFAULT_DEVICE_PATH;
    }

    /** Renders every template once, the confirmation too, which no primed request reaches without writing. */
    @Override
    public void warm(PrimingFixture fixture) {
        IndexedGrant grant = new IndexedGrant("priming", fixture.org(), "BCDFGHJK", "Priming", java.util.List.of("openid"),
                GrantStatus.PENDING, 0, 600_000, "192.0.2.1", "priming", true);
        Session session = new Session("priming", "priming", fixture.email(), "Priming", 0, 0);
        for (Locale locale : Messages.SUPPORTED) {
            Lang lang = new Lang(locale, ZoneId.of("UTC"), "/device", null);
            html(Pages.codeEntry("c", "BCDF-GHJK", "code.retype", session), "/device", lang, Brand.NONE);
            html(Pages.signIn("c", "BCDF-GHJK", fixture.email(), "signin.wrong"), "/device", lang, Brand.NONE);
            html(Pages.confirm("c", "s", grant, session, 0, true), "/device", lang, Brand.NONE);
            html(Pages.reauth("c", "g", "Priming", "s", fixture.email(), "reauth.wrong"), "/device", lang, Brand.NONE);
            html(Pages.signedOut("c"), "/device", lang, Brand.NONE);
            html(Pages.tooManyAttempts(60_000), "/device", lang, Brand.NONE);
        }
        html(Pages.approved("Priming"), OrgPaths.devicePage(OrgRepository.PRIMING_ORG));
    }

    @Override
    public void forget() {
        // keeps nothing
    }

    /**
     * The page headers. {@code Referrer-Policy: same-origin}: the pages' own form posts keep their
     * referrer (with {@code no-referrer} browsers send {@code Origin: null}), and nothing leaks to
     * other sites.
     */
    static <T> MutableHttpResponse<T> secure(MutableHttpResponse<T> response) {
        return response
                .header("Content-Type", "text/html; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
    }
}
