package dev.cliauth.verification;

import dev.cliauth.account.Account;
import dev.cliauth.account.AccountRepository;
import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.devices.DeviceSession;
import dev.cliauth.devices.DeviceSessions;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Your devices" (SPEC §13) at {@code /devices} and {@code /orgs/{orgId}/devices}: a signed-in
 * account sees the CLI sessions it approved and revokes any; an org admin may name another account
 * ({@code user=}). Anyone else naming another account gets 403; a post that does so is recorded as a
 * {@code forbidden} audit event (a link alone cannot write one in someone's name).
 * A revoke is a POST that ends in a 303 back to the list (no resubmission after Back).
 */
@Controller
@Requires(env = Functions.VERIFICATION)
public class DevicesEndpoint {

    private final Browsers browsers;
    private final AccountRepository accounts;
    private final DeviceSessions devices;
    private final AuditTrail audit;
    private final Clock clock;

    public DevicesEndpoint(Browsers browsers, AccountRepository accounts, DeviceSessions devices, AuditTrail audit,
                           Clock clock) {
        this.browsers = browsers;
        this.accounts = accounts;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    @Get(uris = {"/devices", "/orgs/{orgId}/devices"}, produces = MediaType.ALL)
    public HttpResponse<String> list(WebRequest request) {
        Browser browser = browsers.of(request);
        if (browser.session() == null) {
            return browsers.respond(browser, browsers.signInWithoutCode(browser, "devices", null, null));
        }
        FormParameters query = FormParameters.parse(request.rawQuery());
        // A GET records nothing: any site can send a signed-in browser to a link (SameSite=Lax).
        Optional<Account> owner = owner(request, browser, query.get("user").orElse(null), false);
        if (owner.isEmpty()) {
            return browsers.respond(browser, refusal(browser));
        }
        long now = clock.millis();
        String notice = switch (query.get("done").orElse("")) {
            case "revoked" -> "devices.revoked";
            case "gone" -> "devices.gone";
            default -> null;
        };
        List<DeviceSession> sessions = devices.of(browser.org(), owner.get().subject(), now);
        return browsers.respond(browser, Pages.devices(browsers.csrf(browser), OrgPaths.devicesPage(browser.org()),
                browser.account(), owner.get().email(), sessions, notice, now));
    }

    @Post(uris = {"/devices", "/orgs/{orgId}/devices"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> revoke(WebRequest request) {
        return browsers.post(request, (browser, form) -> revoke(request, browser, form));
    }

    private MutableHttpResponse<String> revoke(WebRequest request, Browser browser, FormParameters form) {
        if (browser.session() == null) {
            return browsers.after(browser, Pages.formExpired());
        }
        String named = form.get("user").orElse(null);
        Optional<Account> owner = owner(request, browser, named, true);
        if (owner.isEmpty()) {
            return browsers.after(browser, refusal(browser));
        }
        long now = clock.millis();
        boolean own = owner.get().subject().equals(browser.account().subject());
        // An admin's revoke names the owner too: the family must be that account's, as the page showed.
        Optional<DeviceSession> revoked = devices.revoke(browser.org(), form.get("family").orElse(""),
                owner.get().subject(), own ? "revoked by its user" : "revoked by an admin", now);
        revoked.ifPresent(d -> audit.record(AuditEvent.of(browser.org(), AuditEventType.REVOKED, now, d.clientId(),
                d.scopes(), request.sourceIp(), request.userAgent()).by(browser.session().email(), browser.session().subject())
                .detail(own ? "device session, by its user" : "device session, by an admin")));
        String back = OrgPaths.devicesPage(browser.org()) + "?" + (own ? "" : "user="
                + URLEncoder.encode(owner.get().email(), StandardCharsets.UTF_8) + "&")
                + "done=" + (revoked.isPresent() ? "revoked" : "gone");
        return browsers.redirect(browser, back, null);
    }

    /**
     * Whose devices: the signed-in account's own, or, for an admin, the account {@code named};
     * empty when an ordinary account names another (recorded as {@code forbidden} when {@code record}:
     * on a CSRF-checked post) or the account named does not exist.
     */
    private Optional<Account> owner(WebRequest request, Browser browser, String named, boolean record) {
        Account self = browser.account();
        if (named == null || named.isBlank() || named.trim().equalsIgnoreCase(self.email())) {
            return Optional.of(self);
        }
        if (!self.admin()) {
            if (!record) {
                return Optional.empty();
            }
            audit.record(AuditEvent.of(browser.org(), AuditEventType.FORBIDDEN, clock.millis(), null, List.of(),
                    request.sourceIp(), request.userAgent()).by(self.email(), self.subject())
                    .detail("another account's devices"));
            return Optional.empty();
        }
        String email = named.trim().toLowerCase(Locale.ROOT);
        return email.length() > 254 ? Optional.empty() : accounts.find(browser.org(), email);
    }

    private static Page refusal(Browser browser) {
        return browser.account().admin() ? Pages.devicesNoSuchAccount() : Pages.devicesNotAllowed();
    }
}
