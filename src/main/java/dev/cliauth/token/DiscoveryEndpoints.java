package dev.cliauth.token;

import dev.cliauth.config.Functions;
import dev.cliauth.keys.SigningKeys;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.org.OrgId;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.org.UnknownOrg;
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
    private final OrgRepository orgs;

    public DiscoveryEndpoints(PublicUrls urls, SigningKeys keys, OrgRepository orgs) {
        this.urls = urls;
        this.keys = keys;
        this.orgs = orgs;
    }

    /**
     * RFC 8414 §3 metadata, also the OpenID Connect discovery document. An org's issuer has a path
     * ({@code {base}/orgs/{orgId}}), so its document is served where OpenID Connect Discovery §4
     * looks ({@code {issuer}/.well-known/...}) and where RFC 8414 §3.1 does (the well-known segment
     * first, then the issuer's path).
     */
    @Get(uris = {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration",
            "/orgs/{orgId}/.well-known/oauth-authorization-server", "/orgs/{orgId}/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server/orgs/{orgId}"}, produces = MediaType.ALL)
    public HttpResponse<ServerMetadata> metadata(WebRequest request) {
        String path = request.path();
        String prefix = "/.well-known/oauth-authorization-server";
        boolean orgScoped = path.startsWith(prefix + "/orgs/") || path.startsWith("/orgs/");
        String org = path.startsWith(prefix + "/orgs/") ? orgs.require(path.substring((prefix + "/orgs/").length())).id()
                : orgs.of(request).id();
        // "The "issuer" value returned MUST be identical to the authorization server's issuer
        // identifier value into which the well-known URI string was inserted" (RFC 8414 §3.3). The
        // default org's issuer is {base}: no issuer {base}/orgs/default exists to describe.
        if (orgScoped && OrgId.DEFAULT.equals(org)) {
            throw new UnknownOrg();
        }
        return ApiResponses.cacheable(metadata(request, org), 300);
    }

    /** The public keys, current first; Nimbus writes the JWK set (RFC 7517 §5). */
    @Get(uris = {"/oauth2/jwks", "/orgs/{orgId}/oauth2/jwks"}, produces = MediaType.ALL)
    public HttpResponse<String> jwks(WebRequest request) {
        return ApiResponses.cacheable(keys.publicKeys(orgs.of(request).id()).toString(true), 300);
    }

    private ServerMetadata metadata(WebRequest request, String org) {
        String issuer = urls.issuer(request, org);
        String base = urls.base(request);
        return new ServerMetadata(issuer,
                base + OrgPaths.deviceAuthorization(org),
                base + OrgPaths.token(org),
                base + OrgPaths.jwks(org),
                base + OrgPaths.revoke(org),
                List.of("none", "client_secret_basic", "client_secret_post"),
                base + OrgPaths.userinfo(org),
                List.of(TokenEndpoint.DEVICE_CODE_GRANT, TokenEndpoint.REFRESH_TOKEN_GRANT),
                List.of(),
                List.of("none", "client_secret_basic", "client_secret_post"),
                List.of("openid", "email", "profile", "offline_access"),
                List.of("public"),
                List.of("ES256"),
                List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "email", "email_verified", "name"));
    }
}
