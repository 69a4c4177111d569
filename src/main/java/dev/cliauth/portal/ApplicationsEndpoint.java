package dev.cliauth.portal;

import dev.cliauth.code.DeviceCode;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.DeviceSettings;
import dev.cliauth.config.Functions;
import dev.cliauth.org.Org;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.verification.Browser;
import dev.cliauth.verification.Browsers;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * {@code …/portal/applications}: an org's applications, and creating one (SPEC §8). A confidential
 * application's secret is made here, shown once on the answer to the post (never kept in a cookie
 * or stored: cliauth keeps only its SHA-256), and cannot be shown again.
 */
@Controller
@Requires(env = Functions.PORTAL)
public class ApplicationsEndpoint {

    private final PortalAccess access;
    private final Browsers browsers;
    private final Applications applications;
    private final OrgRepository orgs;
    private final DeviceSettings device;
    private final SecureRandom random;
    private final Clock clock;

    public ApplicationsEndpoint(PortalAccess access, Browsers browsers, Applications applications, OrgRepository orgs,
                                DeviceSettings device, SecureRandom random, Clock clock) {
        this.access = access;
        this.browsers = browsers;
        this.applications = applications;
        this.orgs = orgs;
        this.device = device;
        this.random = random;
        this.clock = clock;
    }

    @Get(uris = {"/portal", "/orgs/{orgId}/portal"}, produces = MediaType.ALL)
    public HttpResponse<String> home(WebRequest request) {
        return access.page(request, admin -> browsers.redirect(admin, OrgPaths.portal(admin.org()) + "/applications", null));
    }

    @Get(uris = {"/portal/applications", "/orgs/{orgId}/portal/applications"}, produces = MediaType.ALL)
    public HttpResponse<String> list(WebRequest request) {
        return access.page(request, admin -> browsers.respond(admin, page(admin, 200, ApplicationForm.NEW, null)));
    }

    @Post(uris = {"/portal/applications", "/orgs/{orgId}/portal/applications"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> create(WebRequest request) {
        return access.change(request, (admin, form) -> create(request, admin, form));
    }

    private MutableHttpResponse<String> create(WebRequest request, Browser admin, FormParameters posted) {
        ApplicationForm form = ApplicationForm.of(posted);
        Boolean confidential = form.confidential();
        if (confidential == null) {
            return browsers.respond(admin, page(admin, 400, form, "portal.error.type"));
        }
        ApplicationForm.Read read = form.read(form.clientId().trim(), confidential);
        if (read.error() != null) {
            return browsers.respond(admin, page(admin, 400, form, read.error()));
        }
        if (applications.list(admin.org()).size() >= Applications.MOST) {
            return browsers.respond(admin, page(admin, 409, form, "portal.applications.full"));
        }
        String secret = confidential ? DeviceCode.generate(random) : null;
        if (!applications.create(admin.org(), read.app(), secret == null ? null : DeviceCode.hash(secret), clock.millis())) {
            return browsers.respond(admin, page(admin, 409, form, "portal.error.taken"));
        }
        access.changed(request, admin, "application created", read.app().clientId());
        String base = OrgPaths.portal(admin.org());
        if (secret != null) {
            return browsers.respond(admin, PortalPages.page(201, "secret.jte",
                    new PortalPages.SecretPage(base, read.app().clientId(), read.app().name(), secret)));
        }
        return browsers.redirect(admin, base + "/applications/" + read.app().clientId() + "?done=created", null);
    }

    private dev.cliauth.verification.Page page(Browser admin, int status, ApplicationForm form, @Nullable String error) {
        List<Applications.Listed> apps = applications.list(admin.org());
        boolean full = apps.size() >= Applications.MOST;
        return PortalPages.page(status, "applications.jte", new PortalPages.ApplicationsPage(
                access.frame(admin, "applications", "applications", null, error),
                full ? apps.subList(0, Applications.MOST) : apps, full, form, form.entropyBits(orgFormat(orgs, device, admin.org()))));
    }

    /** The user-code format an application of {@code org} has when it sets none: the org's, else the deployment's. */
    static UserCodeFormat orgFormat(OrgRepository orgs, DeviceSettings device, String org) {
        Org o = orgs.require(org);
        return o.userCodeFormat() != null ? o.userCodeFormat() : device.format();
    }
}
