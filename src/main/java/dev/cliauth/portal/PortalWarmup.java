package dev.cliauth.portal;

import dev.cliauth.audit.AuditEventType;
import dev.cliauth.config.Functions;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import dev.cliauth.verification.Brand;
import dev.cliauth.verification.Lang;
import dev.cliauth.verification.Messages;
import dev.cliauth.verification.Page;
import dev.cliauth.verification.PageRenderer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Renders every portal template once before the snapshot, in every language: an admin's pages
 * need a signed-in session, which no priming request has, so no route reaches them.
 */
@Singleton
@Requires(env = Functions.PORTAL)
public class PortalWarmup implements Primed {

    private final PageRenderer renderer;

    public PortalWarmup(PageRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public void warm(PrimingFixture fixture) {
        PortalPages.Frame frame = new PortalPages.Frame("c", "/portal", fixture.email(), true, "portal.done.saved",
                "portal.error.name", "applications", "applications");
        ApplicationForm form = ApplicationForm.NEW;
        List<Page> pages = List.of(
                PortalPages.page(200, "applications.jte", new PortalPages.ApplicationsPage(frame,
                        List.of(new Applications.Listed("priming", "Priming", false, false)), false, form, 34.6)),
                PortalPages.page(200, "application.jte", new PortalPages.ApplicationPage(frame, "Priming", form, true, false, 1,
                        34.6, "https://priming.invalid/oauth2/device_authorization")),
                PortalPages.page(200, "secret.jte", new PortalPages.SecretPage("/portal", "priming", "Priming", "s")),
                PortalPages.page(200, "org.jte", new PortalPages.SettingsPage(frame, true, new SettingsForm("Priming", "", "", "",
                        "", "", "", "on"), 34.6, "Priming", List.of("example.com"))),
                PortalPages.page(200, "users.jte", new PortalPages.UsersPage(frame, List.of(new Members.Listed("a@example.com",
                        "A", false, true, 0)), true, 0, "", "")),
                PortalPages.page(200, "invited.jte", new PortalPages.InvitedPage("/portal", "a@example.com", "https://x", 0)),
                PortalPages.page(200, "audit.jte", new PortalPages.AuditPage(frame, List.of(new AuditLog.Entry(0,
                        AuditEventType.SIGNED_IN.id(), "a@example.com", "priming", "192.0.2.1", "priming", null)), "0#0", "",
                        "", "", List.of("signed_in"))),
                PortalPages.page(200, "welcome.jte", new PortalPages.WelcomePage("c", "/portal", "a@example.com", "t", null)),
                PortalOutcomes.forbidden());
        for (Locale locale : Messages.SUPPORTED) {
            Lang lang = new Lang(locale, ZoneId.of("UTC"), "/portal", null);
            for (Page page : pages) {
                renderer.html(page, "/device", lang, Brand.NONE);
            }
        }
    }

    @Override
    public void forget() {
        // keeps nothing
    }
}
