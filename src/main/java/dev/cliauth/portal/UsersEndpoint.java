package dev.cliauth.portal;

import dev.cliauth.code.DeviceCode;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgPaths;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code …/portal/users}: the org's accounts; inviting one (a one-time link that sets its first
 * password, shown once to the admin, who passes it on), disabling (which signs out every browser
 * of it) and enabling one, and making one an admin or not. An admin cannot disable or demote
 * themselves, so an org never locks out its last admin by a slip.
 */
@Controller
@Requires(env = Functions.PORTAL)
public class UsersEndpoint {

    /** How long an invitation link works. */
    static final Duration INVITE_LIFETIME = Duration.ofDays(7);
    /** An action on an account: what its audit event says it did, and the list's notice after it ({@code done=}). */
    private record AccountAction(String detail, String done) {
    }

    private static final Map<String, AccountAction> ACTIONS = Map.of("disable", new AccountAction("disabled", "disabled"),
            "enable", new AccountAction("enabled", "enabled"), "admin", new AccountAction("made admin", "admin"),
            "user", new AccountAction("made user", "user"));
    private static final Map<String, String> NOTICES = Map.of("disabled", "portal.done.userDisabled",
            "enabled", "portal.done.userEnabled", "admin", "portal.done.admin", "user", "portal.done.user");

    private final PortalAccess access;
    private final Browsers browsers;
    private final Members members;
    private final PublicUrls urls;
    private final SecureRandom random;
    private final Clock clock;

    public UsersEndpoint(PortalAccess access, Browsers browsers, Members members, PublicUrls urls, SecureRandom random,
                         Clock clock) {
        this.access = access;
        this.browsers = browsers;
        this.members = members;
        this.urls = urls;
        this.random = random;
        this.clock = clock;
    }

    @Get(uris = {"/portal/users", "/orgs/{orgId}/portal/users"}, produces = MediaType.ALL)
    public HttpResponse<String> list(WebRequest request) {
        return access.page(request, admin -> {
            String done = FormParameters.parse(request.rawQuery()).get("done").orElse("");
            return browsers.respond(admin, page(admin, 200, NOTICES.get(done), null, "", ""));
        });
    }

    @Post(uris = {"/portal/users", "/orgs/{orgId}/portal/users"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> change(WebRequest request) {
        return access.change(request, (admin, form) -> {
            String action = form.get("action").orElse("");
            if (action.equals("invite")) {
                return invite(request, admin, form);
            }
            Optional<String> email = Rules.email(form.get("email").orElse(""));
            AccountAction what = ACTIONS.get(action);
            if (email.isEmpty() || what == null) {
                return browsers.respond(admin, page(admin, 400, null, "portal.error.action", "", ""));
            }
            if (email.get().equals(admin.account().email())) {
                return browsers.respond(admin, page(admin, 409, null, "portal.error.self", "", ""));
            }
            String actor = admin.account().email();
            Members.Change done = switch (action) {
                case "disable" -> members.setDisabled(admin.org(), actor, email.get(), true);
                case "enable" -> members.setDisabled(admin.org(), actor, email.get(), false);
                case "admin" -> members.setAdmin(admin.org(), actor, email.get(), true);
                default -> members.setAdmin(admin.org(), actor, email.get(), false);
            };
            if (done == Members.Change.NOT_ADMIN) {
                return access.refused(request, admin);     // demoted or disabled since this request began
            }
            if (done == Members.Change.NO_ACCOUNT) {
                return browsers.respond(admin, page(admin, 404, null, "portal.error.noUser", "", ""));
            }
            access.changed(request, admin, "account " + email.get() + ": " + what.detail(), null);
            return browsers.redirect(admin, OrgPaths.portal(admin.org()) + "/users?done=" + what.done(), null);
        });
    }

    private MutableHttpResponse<String> invite(WebRequest request, Browser admin, FormParameters form) {
        String typedEmail = form.get("email").orElse("");
        String typedName = form.get("name").orElse("");
        Optional<String> email = Rules.email(typedEmail);
        if (email.isEmpty()) {
            return browsers.respond(admin, page(admin, 400, null, "portal.error.email", typedEmail, typedName));
        }
        Optional<String> name = Rules.name(typedName);
        if (name.isEmpty()) {
            return browsers.respond(admin, page(admin, 400, null, "portal.error.name", typedEmail, typedName));
        }
        String token = DeviceCode.generate(random);
        byte[] subject = new byte[16];
        random.nextBytes(subject);
        long now = clock.millis();
        long expires = now + INVITE_LIFETIME.toMillis();
        boolean admins = form.get("admin").filter("yes"::equals).isPresent();
        Members.Change invited = members.invite(admin.org(), admin.account().email(), email.get(), name.get(),
                "usr_" + HexFormat.of().formatHex(subject), admins, DeviceCode.hash(token), expires, now);
        if (invited == Members.Change.NOT_ADMIN) {
            return access.refused(request, admin);     // demoted or disabled since this request began
        }
        if (invited == Members.Change.TAKEN) {
            return browsers.respond(admin, page(admin, 409, null, "portal.error.userTaken", typedEmail, typedName));
        }
        access.changed(request, admin, "account " + email.get() + " invited" + (admins ? " as admin" : ""), null);
        String link = urls.base(request) + OrgPaths.portal(admin.org()) + "/welcome?email="
                + URLEncoder.encode(email.get(), StandardCharsets.UTF_8) + "&token=" + token;
        return browsers.respond(admin, PortalPages.page(201, "invited.jte",
                new PortalPages.InvitedPage(OrgPaths.portal(admin.org()), email.get(), link, expires)));
    }

    private Page page(Browser admin, int status, @Nullable String notice, @Nullable String error, String email, String name) {
        List<Members.Listed> users = members.list(admin.org());
        boolean more = users.size() > Members.MOST_SHOWN;
        return PortalPages.page(status, "users.jte", new PortalPages.UsersPage(access.frame(admin, "users", "users", notice, error),
                more ? users.subList(0, Members.MOST_SHOWN) : users, more, clock.millis(), email, name));
    }
}
