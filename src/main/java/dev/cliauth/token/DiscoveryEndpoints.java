package dev.cliauth.token;

import dev.cliauth.config.Functions;
import dev.cliauth.keys.SigningKeys;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.store.Keys;
import dev.cliauth.web.PublicUrls;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.List;

/**
 * Authorization server metadata (RFC 8414 §2, also served as OpenID Connect discovery) and the
 * JWKS (RFC 7517 §5) with the public signing keys.
 */
@Controller
@Requires(env = Functions.TOKEN)
public class DiscoveryEndpoints {

    private final PublicUrls urls;
    private final SigningKeys keys;

    public DiscoveryEndpoints(PublicUrls urls, SigningKeys keys) {
        this.urls = urls;
        this.keys = keys;
    }

    /** RFC 8414 §3 metadata, also the OpenID Connect discovery document. */
    @Get(uris = {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"}, produces = MediaType.ALL)
    public HttpResponse<ServerMetadata> metadata(WebRequest request) {
        return ApiResponses.cacheable(metadata(request, Keys.DEFAULT_ORG), 300);
    }

    /** The public keys, current first; Nimbus writes the JWK set (RFC 7517 §5). */
    @Get(uri = "/oauth2/jwks", produces = MediaType.ALL)
    public HttpResponse<String> jwks(WebRequest request) {
        return ApiResponses.cacheable(keys.publicKeys(Keys.DEFAULT_ORG).toString(true), 300);
    }

    private ServerMetadata metadata(WebRequest request, String org) {
        String issuer = urls.issuer(request, org);
        String base = urls.base(request);
        return new ServerMetadata(issuer,
                base + "/oauth2/device_authorization",
                base + "/oauth2/token",
                base + "/oauth2/jwks",
                List.of(TokenEndpoint.DEVICE_CODE_GRANT),
                List.of(),
                List.of("none", "client_secret_basic", "client_secret_post"),
                List.of("openid", "email", "profile", "offline_access"),
                List.of("public"),
                List.of("ES256"),
                List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "email", "email_verified", "name"));
    }
}
