package dev.cliauth.verification;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** HTTP responses for pages: the security headers every page carries, set in one place. */
public final class PageResponses {

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private PageResponses() {
    }

    public static MutableHttpResponse<String> page(Pages.Page page) {
        return secure(HttpResponse.<String>status(HttpStatus.valueOf(page.status())).body(page.html()));
    }

    /**
     * Adds the page headers. {@code Referrer-Policy: same-origin} rather than {@code no-referrer}:
     * with no referrer, browsers send {@code Origin: null} on form posts, which Micronaut's
     * drive-by-localhost guard refuses in local mode; same-origin leaks nothing to other sites.
     */
    public static MutableHttpResponse<String> secure(MutableHttpResponse<String> response) {
        return response
                .header("Content-Type", "text/html; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
    }
}
