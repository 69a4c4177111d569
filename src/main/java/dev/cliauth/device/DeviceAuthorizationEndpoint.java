package dev.cliauth.device;

import dev.cliauth.client.Client;
import dev.cliauth.client.ClientAuthenticator;
import dev.cliauth.config.Functions;
import dev.cliauth.protocol.ApiRequests;
import dev.cliauth.protocol.ApiResponses;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.org.Org;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.web.PublicUrls;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/**
 * {@code POST /oauth2/device_authorization}, {@code /orgs/{orgId}/api/v1/oauth/device_authorization}
 * and WorkOS AuthKit's {@code /user_management/authorize/device} (also under {@code /orgs/{orgId}})
 * (RFC 8628 §3.1, §3.2): convert, process, render.
 */
@Controller
@Requires(env = Functions.DEVICE_AUTHORIZATION)
public class DeviceAuthorizationEndpoint {

    /** WorkOS AuthKit's device authorization path (SPEC §14): form or JSON, the RFC 8628 response. */
    public static final String WORKOS_PATH = "/user_management/authorize/device";

    private final ClientAuthenticator clients;
    private final DeviceAuthorizationService service;
    private final PublicUrls urls;
    private final OrgRepository orgs;

    public DeviceAuthorizationEndpoint(ClientAuthenticator clients, DeviceAuthorizationService service, PublicUrls urls,
                                       OrgRepository orgs) {
        this.clients = clients;
        this.service = service;
        this.urls = urls;
        this.orgs = orgs;
    }

    @Post(uris = {"/oauth2/device_authorization", "/orgs/{orgId}/api/v1/oauth/device_authorization",
            WORKOS_PATH, "/orgs/{orgId}" + WORKOS_PATH}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<DeviceAuthorizationResponse> authorize(WebRequest request) {
        Org tenant = orgs.of(request);
        String org = tenant.id();
        FormParameters form = request.path().endsWith(WORKOS_PATH)
                ? ApiRequests.formOrJson(request.header("content-type"), request.body())
                : ApiRequests.form(request.header("content-type"), request.body());
        Client client = clients.authenticate(org, form, request.header("authorization"));
        DeviceAuthorizationService.Issued issued = service.issue(client, tenant,
                ApiRequests.scopes(form.get("scope").orElse(null)),
                request.sourceIp(), request.userAgent());
        String verificationUri = urls.base(request) + OrgPaths.devicePage(org);
        return ApiResponses.noStore(new DeviceAuthorizationResponse(issued.deviceCode(), issued.displayUserCode(),
                verificationUri, verificationUri + "?user_code=" + issued.displayUserCode(),
                issued.expiresIn(), issued.interval()));
    }
}
