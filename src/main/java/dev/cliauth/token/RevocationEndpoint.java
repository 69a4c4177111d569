package dev.cliauth.token;

import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cliauth.client.Client;
import dev.cliauth.client.ClientAuthenticator;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.protocol.ApiRequests;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.protocol.OAuthException;
import dev.cliauth.refresh.RefreshTokens;
import dev.cliauth.web.PublicUrls;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Token revocation (RFC 7009) at {@code POST /oauth2/revoke} and
 * {@code /orgs/{orgId}/api/v1/oauth/revoke}, for public clients too ({@code client_id} only): a
 * refresh token takes its whole family with it; an access token is recorded revoked until it
 * expires. "The authorization server responds with HTTP status code 200 if the token has been
 * revoked successfully or if the client submitted an invalid token" (RFC 7009 §2.2).
 */
@Controller
@Requires(env = Functions.TOKEN)
public class RevocationEndpoint {

    private final ClientAuthenticator clients;
    private final OrgRepository orgs;
    private final PublicUrls urls;
    private final AccessTokens accessTokens;
    private final RevokedAccessTokens revoked;
    private final RefreshTokens refreshTokens;
    private final Clock clock;
    private final AuditTrail audit;

    public RevocationEndpoint(ClientAuthenticator clients, OrgRepository orgs, PublicUrls urls, AccessTokens accessTokens,
                              RevokedAccessTokens revoked, RefreshTokens refreshTokens, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.clients = clients;
        this.orgs = orgs;
        this.urls = urls;
        this.accessTokens = accessTokens;
        this.revoked = revoked;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    @Post(uris = {"/oauth2/revoke", "/orgs/{orgId}/api/v1/oauth/revoke"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<?> revoke(WebRequest request) {
        try {
            String org = orgs.of(request).id();
            FormParameters form = ApiRequests.form(request.header("content-type"), request.body());
            String token = form.require("token");
            Client client = clients.authenticate(org, form, request.header("authorization"));
            long now = clock.millis();
            // The hint only says where to look first (RFC 7009 §2.1); both kinds are looked for.
            Optional<JWTClaimsSet> access = accessTokens.verify(token, org, urls.issuer(request, org), now);
            if (access.isPresent()) {
                JWTClaimsSet claims = access.get();
                if (!client.clientId().equals(claims.getClaim("client_id"))) {
                    throw notThisClients();
                }
                revoked.revoke(org, claims.getJWTID(), client.clientId(), claims.getExpirationTime().getTime(), now);
                audit.record(AuditEvent.of(org, AuditEventType.REVOKED, now, client.clientId(), List.of(), request.sourceIp(),
                        request.userAgent()).by(null, claims.getSubject()).detail("access token"));
            } else {
                RefreshTokens.Revocation r = refreshTokens.revoke(token, org, client.clientId(), now);
                if (r == RefreshTokens.Revocation.OTHER_CLIENT) {
                    throw notThisClients();
                }
                if (r == RefreshTokens.Revocation.REVOKED) {
                    audit.record(AuditEvent.of(org, AuditEventType.REVOKED, now, client.clientId(), List.of(),
                            request.sourceIp(), request.userAgent()).detail("refresh token family"));
                }
            }
            return HttpResponse.ok().header("Cache-Control", "no-store");
        } catch (OAuthException expected) {
            return ApiResponses.error(expected.error(), expected.interval());
        }
    }

    /** "...verifies whether the token was issued to the client making the revocation request" (RFC 7009 §2.1). */
    private static OAuthException notThisClients() {
        return OAuthError.invalidRequest("The token was not issued to this client.").toException();
    }
}
