package dev.cliauth.verification;

import dev.cliauth.http.Response;

/** HTTP responses for pages: the security headers every page carries, set in one place. */
public final class PageResponses {

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private PageResponses() {
    }

    public static Response page(Pages.Page page) {
        return secure(Response.status(page.status()).body(page.html()));
    }

    /**
     * Adds the page headers. {@code Referrer-Policy: same-origin}: the pages' own form posts keep
     * their referrer (with {@code no-referrer} browsers send {@code Origin: null}), and nothing
     * leaks to other sites.
     */
    public static Response secure(Response response) {
        return response
                .header("Content-Type", "text/html; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
    }
}
