package dev.cliauth.token;

import dev.cliauth.client.Client;
import dev.cliauth.client.ClientAuthenticator;
import dev.cliauth.lambda.Functions;
import dev.cliauth.lambda.Payload2;
import dev.cliauth.lambda.PublicUrls;
import dev.cliauth.protocol.ApiRequests;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/**
 * {@code POST /oauth2/token}. The checks run in SPEC §3's order: a malformed request, then the
 * grant type, then the client, then the device code's own state.
 */
@Controller
@Requires(env = Functions.TOKEN)
public class TokenEndpoint {

    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final ClientAuthenticator clients;
    private final DeviceCodeRedemption redemption;
    private final PublicUrls urls;

    public TokenEndpoint(ClientAuthenticator clients, DeviceCodeRedemption redemption, PublicUrls urls) {
        this.clients = clients;
        this.redemption = redemption;
        this.urls = urls;
    }

    @Post(uri = "/oauth2/token", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> token(HttpRequest<?> request) {
        String org = Keys.DEFAULT_ORG;
        FormParameters form = ApiRequests.form(request.getHeaders().get("content-type"), Payload2.body(request));
        String grantType = form.require("grant_type");
        if (!DEVICE_CODE_GRANT.equals(grantType)) {
            throw OAuthError.unsupportedGrantType("Only the device_code grant is supported.").toException();
        }
        String deviceCode = form.require("device_code");
        Client client = clients.authenticate(org, form, request.getHeaders().get("authorization"));
        Tokens tokens = redemption.redeem(client, deviceCode, urls.issuer(request, org), Payload2.sourceIp(request));
        return ApiResponses.noStore(tokens.toResponse());
    }
}
