package dev.cliauth.protocol;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** JSON responses of the OAuth API; the single place errors are rendered. */
public final class ApiResponses {

    private ApiResponses() {
    }

    /** A 200 JSON document that must not be cached (tokens, codes: RFC 6749 §5.1). */
    public static <T> MutableHttpResponse<T> noStore(T body) {
        return HttpResponse.ok(body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("X-Content-Type-Options", "nosniff");
    }

    /** A public, cacheable JSON document (metadata, JWKS). */
    public static <T> MutableHttpResponse<T> cacheable(T body, int maxAgeSeconds) {
        return HttpResponse.ok(body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "public, max-age=" + maxAgeSeconds)
                .header("X-Content-Type-Options", "nosniff");
    }

    /** An RFC 6749 §5.2 error, with {@code interval} for {@code slow_down} (RFC 8628 §3.5). */
    public static MutableHttpResponse<OAuthErrorBody> error(OAuthError error, @Nullable Integer interval) {
        MutableHttpResponse<OAuthErrorBody> response = HttpResponse.<OAuthErrorBody>status(HttpStatus.valueOf(error.status()))
                .body(OAuthErrorBody.of(error, interval))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("X-Content-Type-Options", "nosniff");
        if (error.status() == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"cliauth\"");
        }
        if (error.status() == 503) {
            response.header("Retry-After", "2");
        }
        if (error.status() == 429 && interval != null) {
            response.header("Retry-After", Integer.toString(interval));
        }
        return response;
    }
}
