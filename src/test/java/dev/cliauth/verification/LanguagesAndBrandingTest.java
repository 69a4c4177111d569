package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.local.Seed;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Languages and branding (issue 11, item 4): the pages in English, German, French and Spanish,
 * chosen by {@code Accept-Language} or the switcher ({@code ?lang=}, kept in a cookie); times in
 * UTC with the offset, or in the zone the page's script reported; the org's name on every page and
 * in the title, its logo and accent allowed by that page's CSP only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguagesAndBrandingTest {

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
        functions.dynamo.updateItem(u -> u.tableName(functions.table).key(Attrs.key(Keys.org(Seed.ACME_ORG)))
                .updateExpression("SET logo_url = :l, accent = :a").expressionAttributeValues(java.util.Map.of(
                        ":l", Attrs.s("https://cdn.acme.example/logo.png"), ":a", Attrs.s("#8a2be2"))));
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    private APIGatewayV2HTTPResponse page(String path, String query, String acceptLanguage, List<String> cookies) {
        return Functions.invoke(functions.verification, Events.load("device-page").path(path).query(query)
                .header("accept-language", acceptLanguage).cookies(cookies).build());
    }

    @Test
    void bundlesWhenLoadedThenEveryLanguageHasEveryKey() {
        Set<String> english = ResourceBundle.getBundle("i18n.messages", Locale.ROOT).keySet();
        for (String tag : List.of("de", "fr", "es")) {
            ResourceBundle other = ResourceBundle.getBundle("i18n.messages", Locale.forLanguageTag(tag),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            assertThat(new HashSet<>(other.keySet())).as(tag).isEqualTo(english);
            assertThat(other.getLocale().getLanguage()).isEqualTo(tag);
        }
    }

    /**
     * Every message is a {@link java.text.MessageFormat} pattern, where a lone apostrophe starts a
     * quoted part and vanishes ("organisation's" would show as "organisations"): each must be doubled.
     */
    @Test
    void bundlesWhenLoadedThenNoMessageHasALoneApostrophe() {
        java.util.regex.Pattern lone = java.util.regex.Pattern.compile("(?<!')'(?!')");
        for (String tag : List.of("en", "de", "fr", "es")) {
            ResourceBundle bundle = ResourceBundle.getBundle("i18n.messages", tag.equals("en") ? Locale.ROOT
                    : Locale.forLanguageTag(tag), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            for (String key : bundle.keySet()) {
                assertThat(lone.matcher(bundle.getString(key)).find()).as("%s %s: %s", tag, key, bundle.getString(key)).isFalse();
            }
        }
    }

    /** The error pages speak the reader's language too: 404, 405 and a malformed form's 400. */
    @Test
    void errorPagesWhenAcceptLanguageThenInThatLanguage() {
        APIGatewayV2HTTPResponse notFound = page("/device/nope", "", "de", List.of());
        assertThat(notFound.getStatusCode()).isEqualTo(404);
        assertThat(notFound.getBody()).contains("<html lang=\"de\">");
        APIGatewayV2HTTPResponse notAllowed = Functions.invoke(functions.verification, Events.load("device-page").method("PUT")
                .header("accept-language", "fr").build());
        assertThat(notAllowed.getStatusCode()).isEqualTo(405);
        assertThat(notAllowed.getBody()).contains("<html lang=\"fr\">");
        APIGatewayV2HTTPResponse english = page("/device/nope", "", null, List.of());
        assertThat(english.getBody()).contains("<html lang=\"en\">");
    }

    @Test
    void everyPageWhenRenderedInEveryLanguageThenRendersWithoutAMissingMessage() {
        PageRenderer renderer = functions.verification.context().getBean(PageRenderer.class);
        Session session = new Session("sid", "sub", "a@example.com", "A", 2_000_000_000_000L, 0);
        dev.cliauth.grant.IndexedGrant grant = new dev.cliauth.grant.IndexedGrant("hash", "default", "BCDF-GHJK", "Demo CLI",
                List.of("openid", "custom"), dev.cliauth.grant.GrantStatus.PENDING, 0, 600_000, "192.0.2.1", "", true);
        List<Page> pages = List.of(Pages.codeEntry("c", "BCDF-GHJK", "code.retype", session), Pages.signedOut("c"),
                Pages.viewGone("c", null), Pages.signIn("c", "BCDF-GHJK", "a@x", "signin.wrong", "Acme SSO"),
                Pages.signInWithoutCode("c", "devices", null, "signin.wrong", false), Pages.confirm("c", "s", grant, session, 7_200_000, true, "Acme"),
                Pages.confirm("c", "s", grant, session, 60_000, true), Pages.reauth("c", "g", "App", "s", "a@x", "reauth.wrong"),
                Pages.approved("App"), Pages.denied(), Pages.notMe(true), Pages.notMe(false), Pages.expired(), Pages.unknown(),
                Pages.ambiguous(), Pages.alreadyDecided(), Pages.tooManyAttempts(1), Pages.tooManyAttempts(600_000),
                Pages.tooManySignIns(60_000), Pages.tooManyCompanySignIns(120_000), Pages.companyDomainNotAllowed(),
                Pages.companyEmailUnverified(), Pages.companyEmailTaken(), Pages.companyReauthNeeded(), Pages.accountUnavailable(),
                Pages.devicesNotAllowed(), Pages.devicesNoSuchAccount(), Pages.formExpired(), Pages.badRequest(),
                Pages.rejected(400, "The request could not be read."), Pages.methodNotAllowed(), Pages.notFound(),
                Pages.unavailable(), Pages.serverError());
        for (Locale locale : Messages.SUPPORTED) {
            Lang lang = new Lang(locale, java.time.ZoneId.of("Europe/Paris"), "/device", null);
            for (Page page : pages) {
                String html = renderer.html(page, "/device", lang, Brand.NONE);
                assertThat(html).as("%s in %s", page, locale).contains("<html lang=\"" + locale.getLanguage() + "\">")
                        .doesNotContain("outcome.").doesNotContain("confirm.");
            }
            for (dev.cliauth.upstream.UpstreamFailure.Reason reason : dev.cliauth.upstream.UpstreamFailure.Reason.values()) {
                assertThat(renderer.html(Pages.companySignInFailed(reason), "/device", lang, Brand.NONE)).doesNotContain("outcome.");
            }
        }
        assertThat(renderer.html(Pages.tooManyAttempts(1), "/device", Lang.ENGLISH, Brand.NONE)).contains("Try again in 1 minute.");
        assertThat(renderer.html(Pages.approved("2024"), "/device", Lang.ENGLISH, Brand.NONE))
                .as("an app's name is text, never a formatted number").contains("2024 is now signed in");
        assertThat(renderer.html(Pages.tooManyAttempts(600_000), "/device", new Lang(Locale.GERMAN, java.time.ZoneId.of("UTC"),
                "/device", null), Brand.NONE)).contains("in 10 Minuten erneut");
    }

    @Test
    void pagesWhenTheBrowserPrefersGermanThenGermanAndAnUnsupportedLanguageFallsBackToEnglish() {
        APIGatewayV2HTTPResponse german = page("/device", "", "de-DE,de;q=0.9,en;q=0.5", List.of());
        assertThat(german.getBody()).contains("<html lang=\"de\">").contains("Auf Ihrem Gerät anmelden")
                .contains(">Weiter</button>").contains("<title>Code eingeben · Anmeldung: Gerät</title>");
        assertThat(page("/device", "", "fr-CA,fr;q=0.8", List.of()).getBody()).contains("Connectez-vous sur votre appareil");
        assertThat(page("/device", "", "es", List.of()).getBody()).contains("Inicia sesión en tu dispositivo");
        APIGatewayV2HTTPResponse japanese = page("/device", "", "ja-JP,ja;q=0.9", List.of());
        assertThat(japanese.getBody()).contains("<html lang=\"en\">").contains("Sign in on your device");
        assertThat(page("/device", "", ";;;,q=x", List.of()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void switcherWhenFrenchIsPickedThenItIsKeptInACookieOverAcceptLanguage() {
        APIGatewayV2HTTPResponse picked = page("/device", "user_code=BCDF-GHJK&lang=fr", "de", List.of());
        assertThat(picked.getBody()).contains("<html lang=\"fr\">").contains("value=\"BCDF-GHJK\"");
        assertThat(picked.getCookies()).anySatisfy(c -> assertThat(c).startsWith("__Host-cliauth_lang=fr;")
                .contains("HttpOnly").contains("SameSite=Lax").contains("Secure"));
        // The switcher's links keep the page's own query.
        assertThat(picked.getBody()).contains("href=\"/device?user_code=BCDF-GHJK&amp;lang=de\"")
                .contains("<span lang=\"fr\" aria-current=\"true\">Français</span>");
        APIGatewayV2HTTPResponse later = page("/device", "", "de", List.of("__Host-cliauth_lang=fr"));
        assertThat(later.getBody()).contains("<html lang=\"fr\">");
        assertThat(page("/device", "lang=xx", "es", List.of()).getBody()).as("an unknown pick is ignored")
                .contains("<html lang=\"es\">");
    }

    @Test
    void confirmationWhenSpanishThenInSpanishWithTheTimeInUtcAndItsOffsetOrInTheReportedZone() {
        Logins.Started started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        browser.send(Events.load("device-page").path("/device").query("lang=es"));
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        String text = EventBrowser.text(confirm.getBody());
        assertThat(text).contains("¿Permitir Demo CLI?").contains("Aprobar").contains("Denegar").contains("No he sido yo")
                .contains("Confirmar quién eres").contains("hace menos de un minuto").contains("UTC+00:00");
        Matcher time = Pattern.compile("<time datetime=\"([^\"]+)\">([^<]+)</time>").matcher(confirm.getBody());
        assertThat(time.find()).isTrue();
        assertThat(time.group(1)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

        String view = browser.posted.getHeaders().get("Location").split("\\?")[1];
        browser.cookies().put("__Host-cliauth_tz", "Asia/Kolkata");
        APIGatewayV2HTTPResponse zoned = browser.send(Events.load("device-page").path("/device/view").query(view));
        assertThat(EventBrowser.text(zoned.getBody())).contains("UTC+05:30");
        browser.cookies().put("__Host-cliauth_tz", "Not/A_Zone");
        APIGatewayV2HTTPResponse bad = browser.send(Events.load("device-page").path("/device/view").query(view));
        assertThat(EventBrowser.text(bad.getBody())).contains("UTC+00:00");
    }

    @Test
    void orgPagesWhenBrandedThenNameOnEveryPageAndInTheTitleAndLogoAndAccentAllowedByTheirCspOnly() throws Exception {
        APIGatewayV2HTTPResponse acme = page("/orgs/acme/device", "", "en", List.of());
        assertThat(acme.getBody()).contains("<title>Enter code · Acme Corp sign-in</title>")
                .contains("Signing in to Acme Corp").contains("<img src=\"https://cdn.acme.example/logo.png\"")
                .contains("<style>:root{--accent:#8a2be2}</style>");
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(":root{--accent:#8a2be2}".getBytes(StandardCharsets.UTF_8)));
        assertThat(acme.getHeaders().get("Content-Security-Policy")).contains("style-src 'self' 'sha256-" + hash + "';")
                .contains("img-src 'self' https://cdn.acme.example;").doesNotContain("unsafe-inline");
        assertThat(page("/orgs/acme/device", "", "de", List.of()).getBody()).contains("Anmeldung bei Acme Corp")
                .contains("<title>Code eingeben · Anmeldung: Acme Corp</title>");

        APIGatewayV2HTTPResponse plain = page("/device", "", "en", List.of());
        assertThat(plain.getBody()).doesNotContain("<style>").doesNotContain("Signing in to");
        assertThat(plain.getHeaders().get("Content-Security-Policy")).contains("style-src 'self';").contains("img-src 'self';");

        assertThat(Brand.logoUrl("javascript:alert(1)")).isNull();
        assertThat(Brand.logoUrl("https://cdn.example/a.png?x=1")).isNull();
        assertThat(Brand.logoUrl("http://cdn.example/a.png")).isNull();
        assertThat(Brand.of(new dev.cliauth.org.Org("x", "X", null, null, null, null, null, null, "red;}body{display:none")).style())
                .isNull();
    }
}
