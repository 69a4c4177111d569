package dev.cliauth.token;

import dev.cliauth.client.Client;
import dev.cliauth.client.ClientAuthenticator;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.http.Route;
import dev.cliauth.http.Routes;
import dev.cliauth.lambda.Functions;
import dev.cliauth.lambda.PublicUrls;
import dev.cliauth.protocol.ApiRequests;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * {@code POST /oauth2/token}. The checks run in SPEC §3's order: a malformed request, then the
 * grant type, then the client, then the device code's own state.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class TokenEndpoint implements Routes {

    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final ClientAuthenticator clients;
    private final DeviceCodeRedemption redemption;
    private final PublicUrls urls;

    public TokenEndpoint(ClientAuthenticator clients, DeviceCodeRedemption redemption, PublicUrls urls) {
        this.clients = clients;
        this.redemption = redemption;
        this.urls = urls;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.post("/oauth2/token", this::token));
    }

    public Response token(Request request) {
        String org = Keys.DEFAULT_ORG;
        FormParameters form = ApiRequests.form(request.header("content-type"), request.body());
        String grantType = form.require("grant_type");
        if (!DEVICE_CODE_GRANT.equals(grantType)) {
            throw OAuthError.unsupportedGrantType("Only the device_code grant is supported.").toException();
        }
        String deviceCode = form.require("device_code");
        Client client = clients.authenticate(org, form, request.header("authorization"));
        Tokens tokens = redemption.redeem(client, deviceCode, urls.issuer(request, org), request.sourceIp());
        return ApiResponses.noStore(tokens.toResponse());
    }
}
