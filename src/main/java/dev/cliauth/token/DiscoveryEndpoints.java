package dev.cliauth.token;

import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.http.Route;
import dev.cliauth.http.Routes;
import dev.cliauth.keys.SigningKeys;
import dev.cliauth.lambda.Functions;
import dev.cliauth.lambda.PublicUrls;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.protocol.Json;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authorization server metadata (RFC 8414 §2, also served as OpenID Connect discovery) and the
 * JWKS (RFC 7517 §5) with the public signing keys.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class DiscoveryEndpoints implements Routes {

    private final PublicUrls urls;
    private final SigningKeys keys;

    public DiscoveryEndpoints(PublicUrls urls, SigningKeys keys) {
        this.urls = urls;
        this.keys = keys;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.get("/.well-known/oauth-authorization-server", this::metadata),
                Route.get("/.well-known/openid-configuration", this::metadata),
                Route.get("/oauth2/jwks", this::jwks));
    }

    /** RFC 8414 §3 metadata, also the OpenID Connect discovery document. */
    public Response metadata(Request request) {
        return ApiResponses.cacheable(Json.object(metadata(request, Keys.DEFAULT_ORG)), 300);
    }

    public Response jwks(Request request) {
        return ApiResponses.cacheable(keys.publicKeys(Keys.DEFAULT_ORG).toString(true), 300);
    }

    private Map<String, Object> metadata(Request request, String org) {
        String issuer = urls.issuer(request, org);
        String base = urls.base(request);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("device_authorization_endpoint", base + "/oauth2/device_authorization");
        doc.put("token_endpoint", base + "/oauth2/token");
        doc.put("jwks_uri", base + "/oauth2/jwks");
        doc.put("grant_types_supported", List.of("urn:ietf:params:oauth:grant-type:device_code"));
        doc.put("response_types_supported", List.of());
        doc.put("token_endpoint_auth_methods_supported", List.of("none", "client_secret_basic", "client_secret_post"));
        doc.put("scopes_supported", List.of("openid", "email", "profile", "offline_access"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("ES256"));
        doc.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "email", "email_verified", "name"));
        return doc;
    }
}
