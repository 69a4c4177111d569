package dev.cliauth.portal;

import dev.cliauth.config.DeviceSettings;
import dev.cliauth.config.Functions;
import dev.cliauth.org.Org;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.upstream.UpstreamConfig;
import dev.cliauth.upstream.UpstreamRepository;
import dev.cliauth.verification.Browser;
import dev.cliauth.verification.Browsers;
import dev.cliauth.verification.Page;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

import java.util.List;
import java.util.Optional;

/**
 * {@code …/portal/settings}: the org's name, the device-code defaults its applications inherit,
 * how soon Approve asks for the password again, whether people may sign in with a password, and
 * its branding (SPEC §8). Company sign-in is shown here and set with the admin tool (it holds a
 * client secret); password sign-in can be turned off only while there is one. The default org has no
 * record: its settings are the deployment's.
 */
@Controller
@Requires(env = Functions.PORTAL)
public class SettingsEndpoint {

    private final PortalAccess access;
    private final Browsers browsers;
    private final OrgRepository orgs;
    private final OrgSettingsStore store;
    private final UpstreamRepository upstreams;
    private final DeviceSettings device;

    public SettingsEndpoint(PortalAccess access, Browsers browsers, OrgRepository orgs, OrgSettingsStore store,
                            UpstreamRepository upstreams, DeviceSettings device) {
        this.access = access;
        this.browsers = browsers;
        this.orgs = orgs;
        this.store = store;
        this.upstreams = upstreams;
        this.device = device;
    }

    @Get(uris = {"/portal/settings", "/orgs/{orgId}/portal/settings"}, produces = MediaType.ALL)
    public HttpResponse<String> show(WebRequest request) {
        return access.page(request, admin -> {
            boolean saved = FormParameters.parse(request.rawQuery()).get("done").filter("saved"::equals).isPresent();
            Org org = orgs.require(admin.org());
            return browsers.respond(admin, page(admin, 200, SettingsForm.of(org), saved ? "portal.done.saved" : null, null));
        });
    }

    @Post(uris = {"/portal/settings", "/orgs/{orgId}/portal/settings"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> save(WebRequest request) {
        return access.change(request, (admin, posted) -> {
            SettingsForm form = SettingsForm.of(posted);
            if (orgs.require(admin.org()).isDefault()) {
                return browsers.respond(admin, page(admin, 409, form, null, "portal.error.defaultOrg"));
            }
            SettingsForm.Read read = form.read();
            if (read.error() != null) {
                return browsers.respond(admin, page(admin, 400, form, null, read.error()));
            }
            if (form.passwordsOff() && upstreams.find(admin.org()).isEmpty()) {
                // Without a company sign-in nobody could sign in at all.
                return browsers.respond(admin, page(admin, 409, form, null, "portal.error.passwordsNeedCompany"));
            }
            if (!store.save(admin.org(), read.set())) {
                return browsers.respond(admin, page(admin, 409, form, null, "portal.error.defaultOrg"));
            }
            access.changed(request, admin, "org settings saved", null);
            return browsers.redirect(admin, OrgPaths.portal(admin.org()) + "/settings?done=saved", null);
        });
    }

    private Page page(Browser admin, int status, SettingsForm form, @Nullable String notice, @Nullable String error) {
        Org org = orgs.require(admin.org());
        Optional<UpstreamConfig> company = upstreams.find(admin.org());
        return PortalPages.page(status, "org.jte", new PortalPages.SettingsPage(
                access.frame(admin, "settings", "settings", notice, error), !org.isDefault(), form,
                form.entropyBits(device.format()), company.map(UpstreamConfig::displayName).orElse(null),
                company.map(UpstreamConfig::allowedDomains).orElse(List.of())));
    }
}
