package dev.cliauth.portal;

import dev.cliauth.code.DeviceCode;
import dev.cliauth.config.DeviceSettings;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.org.Rules;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.verification.Browser;
import dev.cliauth.verification.Browsers;
import dev.cliauth.verification.Page;
import dev.cliauth.web.PublicUrls;
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
import java.util.Map;
import java.util.Optional;

/**
 * {@code …/portal/applications/{clientId}}: one application's settings, disabling and enabling
 * it, and rotating a confidential one's secret (shown once, as on creation). Every change is one
 * conditional write; a rotate names the secret it replaces, so a form sent twice rotates once.
 */
@Controller
@Requires(env = Functions.PORTAL)
public class ApplicationEndpoint {

    private static final String PREFIX = "/portal/applications/";
    private static final Map<String, String> NOTICES = Map.of("created", "portal.done.created", "saved", "portal.done.saved",
            "disabled", "portal.done.disabled", "enabled", "portal.done.enabled");

    private final PortalAccess access;
    private final Browsers browsers;
    private final Applications applications;
    private final OrgRepository orgs;
    private final DeviceSettings device;
    private final SecureRandom random;
    private final PublicUrls urls;

    public ApplicationEndpoint(PortalAccess access, Browsers browsers, Applications applications, OrgRepository orgs,
                               DeviceSettings device, SecureRandom random, PublicUrls urls) {
        this.urls = urls;
        this.access = access;
        this.browsers = browsers;
        this.applications = applications;
        this.orgs = orgs;
        this.device = device;
        this.random = random;
    }

    @Get(uris = {"/portal/applications/{clientId}", "/orgs/{orgId}/portal/applications/{clientId}"}, produces = MediaType.ALL)
    public HttpResponse<String> show(WebRequest request) {
        return access.page(request, admin -> {
            Optional<Application> app = application(admin, request);
            if (app.isEmpty()) {
                return browsers.respond(admin, PortalOutcomes.noSuchApplication(OrgPaths.portal(admin.org())));
            }
            String done = FormParameters.parse(request.rawQuery()).get("done").orElse("");
            return browsers.respond(admin, page(request, admin, 200, app.get(), ApplicationForm.of(app.get()), NOTICES.get(done), null));
        });
    }

    @Post(uris = {"/portal/applications/{clientId}", "/orgs/{orgId}/portal/applications/{clientId}"}, consumes = MediaType.ALL,
            produces = MediaType.ALL)
    public HttpResponse<String> change(WebRequest request) {
        return access.change(request, (admin, form) -> {
            Optional<Application> app = application(admin, request);
            if (app.isEmpty()) {
                return browsers.respond(admin, PortalOutcomes.noSuchApplication(OrgPaths.portal(admin.org())));
            }
            return switch (form.get("action").orElse("")) {
                case "save" -> save(request, admin, app.get(), form);
                case "disable" -> state(request, admin, app.get(), true);
                case "enable" -> state(request, admin, app.get(), false);
                case "rotate" -> rotate(request, admin, app.get(), form);
                default -> browsers.respond(admin, page(request, admin, 400, app.get(), ApplicationForm.of(app.get()), null,
                        "portal.error.action"));
            };
        });
    }

    private MutableHttpResponse<String> save(WebRequest request, Browser admin, Application app, FormParameters posted) {
        ApplicationForm form = ApplicationForm.of(posted);
        ApplicationForm.Read read = form.read(app.clientId(), app.confidential());
        if (read.error() != null) {
            return browsers.respond(admin, page(request, admin, 400, app, form, null, read.error()));
        }
        if (!applications.update(admin.org(), read.app())) {
            return browsers.respond(admin, PortalOutcomes.noSuchApplication(OrgPaths.portal(admin.org())));
        }
        access.changed(request, admin, "application settings saved", app.clientId());
        return done(admin, app, "saved");
    }

    private MutableHttpResponse<String> state(WebRequest request, Browser admin, Application app, boolean disabled) {
        if (!applications.setDisabled(admin.org(), app.clientId(), disabled)) {
            return browsers.respond(admin, PortalOutcomes.noSuchApplication(OrgPaths.portal(admin.org())));
        }
        access.changed(request, admin, disabled ? "application disabled" : "application enabled", app.clientId());
        return done(admin, app, disabled ? "disabled" : "enabled");
    }

    private MutableHttpResponse<String> rotate(WebRequest request, Browser admin, Application app, FormParameters form) {
        String base = OrgPaths.portal(admin.org());
        String version = form.get("version").orElse("");
        if (!app.confidential() || !version.matches("[0-9]{1,9}") || Long.parseLong(version) != app.secretVersion()) {
            return browsers.respond(admin, PortalOutcomes.alreadyRotated(base, app.clientId()));
        }
        String secret = DeviceCode.generate(random);
        if (!applications.rotateSecret(admin.org(), app.clientId(), app.secretVersion(), DeviceCode.hash(secret))) {
            return browsers.respond(admin, PortalOutcomes.alreadyRotated(base, app.clientId()));
        }
        access.changed(request, admin, "application secret rotated", app.clientId());
        return browsers.respond(admin, PortalPages.page(200, "secret.jte",
                new PortalPages.SecretPage(base, app.clientId(), app.name(), secret)));
    }

    private MutableHttpResponse<String> done(Browser admin, Application app, String what) {
        return browsers.redirect(admin, OrgPaths.portal(admin.org()) + "/applications/" + app.clientId() + "?done=" + what, null);
    }

    /** The application the path names, read strongly consistently; empty for an id that cannot be one. */
    private Optional<Application> application(Browser admin, WebRequest request) {
        String path = request.path();
        int at = path.indexOf(PREFIX);
        String id = at < 0 ? "" : path.substring(at + PREFIX.length());
        return Rules.CLIENT_ID.matcher(id).matches() ? applications.find(admin.org(), id) : Optional.empty();
    }

    private Page page(WebRequest request, Browser admin, int status, Application app, ApplicationForm form,
                      @Nullable String notice, @Nullable String error) {
        return PortalPages.page(status, "application.jte", new PortalPages.ApplicationPage(
                access.frame(admin, "applications", "applications/" + app.clientId(), notice, error), app.name(), form,
                app.confidential(), app.disabled(), app.secretVersion(),
                form.entropyBits(ApplicationsEndpoint.orgFormat(orgs, device, admin.org())),
                urls.base(request) + OrgPaths.deviceAuthorization(admin.org())));
    }
}
