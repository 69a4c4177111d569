package dev.cliauth.portal;

import dev.cliauth.config.Functions;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/** {@code POST …/portal/confirm}: an admin enters the password again before changing anything ({@link PortalAccess#confirm}). */
@Controller
@Requires(env = Functions.PORTAL)
public class ConfirmEndpoint {

    private final PortalAccess access;

    public ConfirmEndpoint(PortalAccess access) {
        this.access = access;
    }

    @Post(uris = {"/portal/confirm", "/orgs/{orgId}/portal/confirm"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> confirm(WebRequest request) {
        return access.confirm(request);
    }
}
