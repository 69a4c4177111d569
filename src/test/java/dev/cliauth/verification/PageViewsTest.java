package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST → 303 → GET (issue 11, item 5): every page form's answer is a redirect to
 * {@code /device/view?v=…}, which shows the page the post ended on, kept in a signed cookie bound
 * to the browser's nonce and the view id; Back (the same GET again) shows it again and never
 * resubmits; a page a later post replaced is not shown again. A view id or cookie of another
 * browser shows nothing of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageViewsTest {

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    @Test
    void keptPagesWhenReadBackThenEqualTheirOriginalsForEveryTemplateAViewShows() {
        PageViews views = functions.verification.context().getBean(PageViews.class);
        Browser browser = new Browser("n".repeat(32), "n".repeat(32), null, false, false, true, "default", null, false);
        Session session = new Session("sid", "sub", "a@example.com", "A", 2_000_000_000_000L, 0);
        IndexedGrant grant = new IndexedGrant("hash", "default", "BCDF-GHJK", "Demo <CLI>", List.of(), GrantStatus.PENDING,
                0, 600_000, "192.0.2.1", "agent \"x\"", true);
        for (Page page : List.of(Pages.codeEntry("c", "BCDF-GHJK", "code.retype", session), Pages.signIn("c", "BCDF-GHJK", "a@x", "signin.wrong"),
                Pages.signIn("c", "BCDF", null, null, "Acme SSO").postingTo("https://idp.example.com"),
                Pages.signInWithoutCode("c", "devices", null, null, false), Pages.confirm("c", "s", grant, session, 60_000, true),
                Pages.reauth("c", "g", "App", "s", "a@example.com", "reauth.wrong"), Pages.notFound(), Pages.approved("App"),
                Pages.notMe(true), Pages.signedOut("c"))) {
            PageViews.Kept kept = views.keep(browser, page).orElseThrow();
            assertThat(views.shown(browser, kept.id(), kept.cookie())).as(page.template()).contains(page);
            // Another view id, another nonce, a changed byte: nothing.
            assertThat(views.shown(browser, "A".repeat(22), kept.cookie())).isEmpty();
            Browser other = new Browser("m".repeat(32), "m".repeat(32), null, false, false, true, "default", null, false);
            assertThat(views.shown(other, kept.id(), kept.cookie())).isEmpty();
            String tampered = kept.cookie().replaceFirst("^.", kept.cookie().charAt(0) == 'e' ? "f" : "e");
            assertThat(views.shown(browser, kept.id(), tampered)).isEmpty();
        }
        assertThat(views.keep(browser, new Page(200, "devices.jte", Optional.empty()))).as("not a template views show").isEmpty();
    }

    @Test
    void formPostWhenAnsweredThenARedirectToItsPageWhichBackShowsAgainWithoutAnotherPost() {
        Logins.Started started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        assertThat(browser.posted.getStatusCode()).isEqualTo(303);
        String location = browser.posted.getHeaders().get("Location");
        assertThat(location).matches("/device/view\\?v=[A-Za-z0-9_-]{22}");
        assertThat(browser.posted.getBody()).isNullOrEmpty();
        assertThat(confirm.getBody()).contains("value=\"approve\"");

        // Back to the confirmation: the same GET, the same page, no second sign-in or lookup written.
        int auditItems = auditCount();
        APIGatewayV2HTTPResponse again = browser.send(Events.load("device-page").path("/device/view")
                .query(location.substring(location.indexOf('?') + 1)));
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(confirm.getBody());
        assertThat(auditCount()).isEqualTo(auditItems);

        // A stranger with the URL but not the cookies sees the code entry form, not the page.
        EventBrowser stranger = new EventBrowser(functions.verification);
        APIGatewayV2HTTPResponse theirs = stranger.send(Events.load("device-page").path("/device/view")
                .query(location.substring(location.indexOf('?') + 1)));
        assertThat(theirs.getBody()).doesNotContain(started.userCode().substring(0, 4)).contains("no longer available");

        browser.decide("approve");
        assertThat(browser.posted.getStatusCode()).isEqualTo(303);
        assertThat(browser.last.getBody()).contains("You're signed in");
        // Back past the approval to the confirmation: a later post replaced the kept page, so the form
        // is not shown again (and nothing is resubmitted); the approved page itself is still there.
        String approvedAt = browser.posted.getHeaders().get("Location");
        APIGatewayV2HTTPResponse back = browser.send(Events.load("device-page").path("/device/view")
                .query(location.substring(location.indexOf('?') + 1)));
        assertThat(back.getBody()).contains("no longer available").doesNotContain("value=\"approve\"");
        assertThat(browser.send(Events.load("device-page").path("/device/view")
                .query(approvedAt.substring(approvedAt.indexOf('?') + 1))).getBody()).contains("You're signed in");
        assertThat(browser.post("/device/signout", "csrf=" + enc(browser.csrf())).getBody()).contains("signed out");
    }

    private int auditCount() {
        return (int) functions.dynamo.scan(s -> s.tableName(functions.table)).items().stream()
                .filter(i -> i.get("pk").s().startsWith("AUDIT#")).count();
    }

}
