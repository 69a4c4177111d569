package dev.cliauth.portal;

import dev.cliauth.account.Passwords;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.Rules;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.verification.Browsers;
import dev.cliauth.verification.Browser;
import dev.cliauth.web.WebRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code …/portal/welcome}: an invited account sets its first password with its one-time link
 * (the only portal page for someone who is not an admin: the link is the credential). The link's
 * token is checked before any password is hashed, and the password is set in one write that holds
 * only while the link is open, which closes it.
 */
@Controller
@Requires(env = Functions.PORTAL)
public class WelcomeEndpoint {

    private final Browsers browsers;
    private final Members members;
    private final Clock clock;

    public WelcomeEndpoint(Browsers browsers, Members members, Clock clock) {
        this.browsers = browsers;
        this.members = members;
        this.clock = clock;
    }

    @Get(uris = {"/portal/welcome", "/orgs/{orgId}/portal/welcome"}, produces = MediaType.ALL)
    public HttpResponse<String> show(WebRequest request) {
        Browser browser = browsers.of(request);
        FormParameters query = FormParameters.parse(request.rawQuery());
        Optional<Invitation> invitation = invitation(query);
        if (invitation.isEmpty() || !members.inviteOpen(browser.org(), invitation.get().email(),
                DeviceCode.hash(invitation.get().token()), clock.millis())) {
            return browsers.respond(browser, PortalOutcomes.inviteClosed());
        }
        return browsers.respond(browser, form(browser, invitation.get(), null, 200));
    }

    @Post(uris = {"/portal/welcome", "/orgs/{orgId}/portal/welcome"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<String> accept(WebRequest request) {
        return browsers.post(request, (browser, form) -> {
            Optional<Invitation> invitation = invitation(form);
            long now = clock.millis();
            if (invitation.isEmpty() || !members.inviteOpen(browser.org(), invitation.get().email(),
                    DeviceCode.hash(invitation.get().token()), now)) {
                return browsers.respond(browser, PortalOutcomes.inviteClosed());
            }
            String password = form.get("password").orElse("");
            if (!password.equals(form.get("again").orElse(""))) {
                return browsers.respond(browser, form(browser, invitation.get(), "portal.welcome.mismatch", 400));
            }
            if (!Rules.password(password)) {
                return browsers.respond(browser, form(browser, invitation.get(), "portal.welcome.weak", 400));
            }
            if (!members.acceptInvite(browser.org(), invitation.get().email(), DeviceCode.hash(invitation.get().token()),
                    Passwords.hash(password, Passwords.COST), now)) {
                return browsers.respond(browser, PortalOutcomes.inviteClosed());
            }
            return browsers.respond(browser, PortalOutcomes.welcomeDone(OrgPaths.devicesPage(browser.org())));
        });
    }

    private record Invitation(String email, String token) {
    }

    private static Optional<Invitation> invitation(FormParameters params) {
        Optional<String> email = Rules.email(params.get("email").orElse(""));
        Optional<String> token = params.get("token").filter(DeviceCode::wellFormed);
        return email.isPresent() && token.isPresent() ? Optional.of(new Invitation(email.get(), token.get())) : Optional.empty();
    }

    private dev.cliauth.verification.Page form(Browser browser, Invitation invitation, String error, int status) {
        return PortalPages.page(status, "welcome.jte", new PortalPages.WelcomePage(browsers.csrf(browser),
                OrgPaths.portal(browser.org()), invitation.email(), invitation.token(), error));
    }
}
