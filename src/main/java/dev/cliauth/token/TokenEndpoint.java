package dev.cliauth.token;

import dev.cliauth.client.Client;
import dev.cliauth.client.ClientAuthenticator;
import dev.cliauth.config.Functions;
import dev.cliauth.protocol.ApiRequests;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.protocol.OAuthException;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.web.PublicUrls;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.util.List;

/**
 * {@code POST /oauth2/token}, {@code /orgs/{orgId}/api/v1/oauth/token} and WorkOS AuthKit's
 * {@code /user_management/authenticate} (also under {@code /orgs/{orgId}}). The checks run in
 * SPEC §3's order: a malformed request, then the grant type, then the client, then the device code's own state.
 */
@Controller
@Requires(env = Functions.TOKEN)
public class TokenEndpoint {

    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    public static final String REFRESH_TOKEN_GRANT = "refresh_token";
    /** WorkOS AuthKit's token path (SPEC §14): form or JSON, success in WorkOS's shape, errors as RFC 6749. */
    public static final String WORKOS_PATH = "/user_management/authenticate";

    private final ClientAuthenticator clients;
    private final DeviceCodeRedemption redemption;
    private final PublicUrls urls;
    private final OrgRepository orgs;
    private final RefreshTokenGrant refresh;

    public TokenEndpoint(ClientAuthenticator clients, DeviceCodeRedemption redemption, PublicUrls urls, OrgRepository orgs,
                         RefreshTokenGrant refresh) {
        this.refresh = refresh;
        this.clients = clients;
        this.redemption = redemption;
        this.urls = urls;
        this.orgs = orgs;
    }

    @Post(uris = {"/oauth2/token", "/orgs/{orgId}/api/v1/oauth/token",
            WORKOS_PATH, "/orgs/{orgId}" + WORKOS_PATH}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<?> token(WebRequest request) {
        try {
            return redeem(request);
        } catch (OAuthException expected) {
            // A polling CLI gets authorization_pending every few seconds for minutes: answered here,
            // the same body ApiErrorHandlers would render, without Micronaut's exception route,
            // which costs more than the rest of the handler (README "Benchmark", the poll's split).
            return ApiResponses.error(expected.error(), expected.interval());
        }
    }

    private HttpResponse<?> redeem(WebRequest request) {
        String org = orgs.of(request).id();
        boolean workos = request.path().endsWith(WORKOS_PATH);
        FormParameters form = workos ? ApiRequests.formOrJson(request.header("content-type"), request.body())
                : ApiRequests.form(request.header("content-type"), request.body());
        String grantType = form.require("grant_type");
        Tokens tokens;
        if (DEVICE_CODE_GRANT.equals(grantType)) {
            String deviceCode = form.require("device_code");
            Client client = clients.authenticate(org, form, request.header("authorization"));
            tokens = redemption.redeem(client, deviceCode, urls.issuer(request, org), request.sourceIp(),
                    workos ? Dialect.WORKOS : Dialect.OAUTH);
        } else if (REFRESH_TOKEN_GRANT.equals(grantType)) {
            String refreshToken = form.require("refresh_token");
            List<String> scopes = form.get("scope").map(ApiRequests::scopes).orElse(null);
            Client client = clients.authenticate(org, form, request.header("authorization"));
            tokens = refresh.refresh(client, refreshToken, scopes, urls.issuer(request, org), request.sourceIp());
        } else {
            throw OAuthError.unsupportedGrantType("Supported grants: the device_code grant and refresh_token.").toException();
        }
        return workos ? ApiResponses.noStore(WorkOsAuthentication.of(tokens)) : ApiResponses.noStore(TokenResponse.of(tokens));
    }

}
