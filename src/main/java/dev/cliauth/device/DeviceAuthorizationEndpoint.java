package dev.cliauth.device;

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
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /oauth2/device_authorization} (RFC 8628 §3.1, §3.2): convert, process, render. */
@Singleton
@Requires(env = Functions.DEVICE_AUTHORIZATION)
public class DeviceAuthorizationEndpoint implements Routes {

    private final ClientAuthenticator clients;
    private final DeviceAuthorizationService service;
    private final PublicUrls urls;

    public DeviceAuthorizationEndpoint(ClientAuthenticator clients, DeviceAuthorizationService service, PublicUrls urls) {
        this.clients = clients;
        this.service = service;
        this.urls = urls;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.post("/oauth2/device_authorization", this::authorize));
    }

    public Response authorize(Request request) {
        String org = Keys.DEFAULT_ORG;
        FormParameters form = ApiRequests.form(request.header("content-type"), request.body());
        Client client = clients.authenticate(org, form, request.header("authorization"));
        DeviceAuthorizationService.Issued issued = service.issue(client,
                ApiRequests.scopes(form.get("scope").orElse(null)),
                request.sourceIp(), request.userAgent());
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
