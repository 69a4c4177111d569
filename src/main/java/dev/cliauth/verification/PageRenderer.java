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
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Renders {@link Page}s with the precompiled JTE templates (HTML escaping by default, decided at
 * build time) and adds the headers every page carries, in one place.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class PageRenderer implements Primed {

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    static final String DEFAULT_DEVICE_PATH = "/device";
    /** An origin that may join {@code form-action}: scheme, host and port, nothing a header could be split on. */
    private static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile(
            "https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final boolean httpsOnly;

    public PageRenderer(PublicUrls urls) {
        this.httpsOnly = urls.httpsOnly();
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
        return postingTo(secured(HttpResponse.<String>status(HttpStatus.valueOf(page.status())).body(html(page, devicePath))),
                page.alsoPostsTo());
    }

    /** A 303 to {@code location} with the page headers: where a form leads on (the company sign-in). */
    public MutableHttpResponse<String> redirect(String location, @io.micronaut.core.annotation.Nullable String alsoPostsTo) {
        return postingTo(secured(HttpResponse.<String>status(HttpStatus.SEE_OTHER).body("")).header("Location", location),
                alsoPostsTo);
    }

    /**
     * The company sign-in form posts here and is redirected on to the provider: a form's redirects
     * are held to {@code form-action} too, so the provider's origin, and only it, joins 'self'.
     */
    private static MutableHttpResponse<String> postingTo(MutableHttpResponse<String> response,
                                                         @io.micronaut.core.annotation.Nullable String origin) {
        if (origin != null && ORIGIN.matcher(origin).matches()) {
            response.getHeaders().set("Content-Security-Policy", CSP.replace("form-action 'self';",
                    "form-action 'self' " + origin + ";"));
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
        StringOutput out = new StringOutput(2048);
        templates.render(page.template(), Map.of("page", page.model(), "devicePath", devicePath), out);
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
        html(Pages.codeEntry("c", "BCDF-GHJK", "e", session));
        html(Pages.signIn("c", "BCDF-GHJK", fixture.email(), "e"));
        html(Pages.confirm("c", "s", grant, session, 0, true));
        html(Pages.reauth("c", "g", "Priming", "s", fixture.email(), "e"));
        html(Pages.signedOut("c"));
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
