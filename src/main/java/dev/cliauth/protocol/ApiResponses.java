package dev.cliauth.protocol;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.util.Map;

/** JSON responses of the OAuth API; the single place errors are rendered. */
public final class ApiResponses {

    private ApiResponses() {
    }

    /** A 200 JSON document that must not be cached (tokens, codes: RFC 6749 §5.1). */
    public static MutableHttpResponse<String> noStore(Map<String, ?> body) {
        return HttpResponse.ok(Json.object(body))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    /** A public, cacheable JSON document (metadata, JWKS). */
    public static MutableHttpResponse<String> cacheable(String json, int maxAgeSeconds) {
        return HttpResponse.ok(json)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "public, max-age=" + maxAgeSeconds);
    }

    public static MutableHttpResponse<String> error(OAuthError error, @Nullable Integer interval) {
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(error.status()))
                .body(Json.error(error, interval))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
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
