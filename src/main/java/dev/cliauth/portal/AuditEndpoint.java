package dev.cliauth.portal;

import dev.cliauth.audit.AuditEventType;
import dev.cliauth.config.Functions;
import dev.cliauth.org.Rules;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.web.WebRequest;
import dev.cliauth.verification.Browsers;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.Arrays;
import java.util.List;

/**
 * {@code …/portal/audit}: the org's audit trail, newest first, filtered by event, account email
 * and application (SPEC §13). Filters that are not well formed are ignored, never echoed raw.
 */
@Controller
@Requires(env = Functions.PORTAL)
public class AuditEndpoint {

    private static final List<String> EVENTS = Arrays.stream(AuditEventType.values()).map(AuditEventType::id).toList();

    private final PortalAccess access;
    private final Browsers browsers;
    private final AuditLog log;

    public AuditEndpoint(PortalAccess access, Browsers browsers, AuditLog log) {
        this.access = access;
        this.browsers = browsers;
        this.log = log;
    }

    @Get(uris = {"/portal/audit", "/orgs/{orgId}/portal/audit"}, produces = MediaType.ALL)
    public HttpResponse<String> show(WebRequest request) {
        return access.page(request, admin -> {
            FormParameters query = FormParameters.parse(request.rawQuery());
            String event = query.get("event").filter(EVENTS::contains).orElse("");
            String email = query.get("email").filter(e -> !e.isBlank()).flatMap(Rules::email).orElse("");
            String client = query.get("client").filter(c -> Rules.CLIENT_ID.matcher(c).matches()).orElse("");
            String after = query.get("after").filter(a -> a.matches("[0-9]{13}#[0-9a-f]{4,64}")).orElse(null);
            AuditLog.Page page = log.read(admin.org(), new AuditLog.Filter(event.isEmpty() ? null : event,
                    email.isEmpty() ? null : email, client.isEmpty() ? null : client), after);
            return browsers.respond(admin, PortalPages.page(200, "audit.jte", new PortalPages.AuditPage(
                    access.frame(admin, "audit", "audit", null, null), page.entries(), page.next(), event, email, client,
                    EVENTS)));
        });
    }
}
