package dev.cliauth.protocol;

import dev.cliauth.http.Response;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/** JSON responses of the OAuth API; the single place errors are rendered. */
public final class ApiResponses {

    private static final String JSON = "application/json";

    private ApiResponses() {
    }

    /** A 200 JSON document that must not be cached (tokens, codes: RFC 6749 §5.1). */
    public static Response noStore(Map<String, ?> body) {
        return Response.ok(Json.object(body))
                .header("Content-Type", JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    /** A public, cacheable JSON document (metadata, JWKS). */
    public static Response cacheable(String json, int maxAgeSeconds) {
        return Response.ok(json)
                .header("Content-Type", JSON)
                .header("Cache-Control", "public, max-age=" + maxAgeSeconds);
    }

    public static Response error(OAuthError error, @Nullable Integer interval) {
        Response response = Response.status(error.status())
                .body(Json.error(error, interval))
                .header("Content-Type", JSON)
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
