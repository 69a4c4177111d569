package dev.cliauth.device;

import dev.cliauth.client.Client;
import dev.cliauth.client.ClientAuthenticator;
import dev.cliauth.lambda.Functions;
import dev.cliauth.lambda.Payload2;
import dev.cliauth.lambda.PublicUrls;
import dev.cliauth.protocol.ApiRequests;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /oauth2/device_authorization} (RFC 8628 §3.1, §3.2): convert, process, render. */
@Controller
@Requires(env = Functions.DEVICE_AUTHORIZATION)
public class DeviceAuthorizationEndpoint {

    private final ClientAuthenticator clients;
    private final DeviceAuthorizationService service;
    private final PublicUrls urls;

    public DeviceAuthorizationEndpoint(ClientAuthenticator clients, DeviceAuthorizationService service, PublicUrls urls) {
        this.clients = clients;
        this.service = service;
        this.urls = urls;
    }

    @Post(uri = "/oauth2/device_authorization", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> authorize(HttpRequest<?> request) {
        String org = Keys.DEFAULT_ORG;
        FormParameters form = ApiRequests.form(request.getHeaders().get("content-type"), Payload2.body(request));
        Client client = clients.authenticate(org, form, request.getHeaders().get("authorization"));
        DeviceAuthorizationService.Issued issued = service.issue(client,
                ApiRequests.scopes(form.get("scope").orElse(null)),
                Payload2.sourceIp(request), Payload2.userAgent(request));
        String verificationUri = urls.base(request) + "/device";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", issued.deviceCode());
        body.put("user_code", issued.displayUserCode());
        body.put("verification_uri", verificationUri);
        body.put("verification_uri_complete", verificationUri + "?user_code=" + issued.displayUserCode());
        body.put("expires_in", issued.expiresIn());
        body.put("interval", issued.interval());
        return ApiResponses.noStore(body);
    }
}
