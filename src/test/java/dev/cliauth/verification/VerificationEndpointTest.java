package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.store.Attrs;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** The verification pages through the real handler, driven by payload-2.0 events with cookies[]. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerificationEndpointTest {

    private static final String EMAIL = "demo@example.com";
    private static final String PASSWORD = "demo-password";

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
        functions.seed.publicClient("evil-cli", "<script>alert('name')</script>", List.of("openid"), 0, 0);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    private String status(String deviceCode) {
        return Attrs.str(logins.grantItem(deviceCode), "status");
    }

    private static void assertSecurityHeaders(APIGatewayV2HTTPResponse page) {
        Map<String, String> h = page.getHeaders();
        assertThat(h.get("Content-Type")).startsWith("text/html");
        assertThat(h).containsEntry("Cache-Control", "no-store")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "same-origin")
                .containsEntry("X-Frame-Options", "DENY")
                .containsEntry("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        assertThat(h.get("Content-Security-Policy")).contains("frame-ancestors 'none'").contains("default-src 'none'")
                .doesNotContain("unsafe-inline");
    }

    @Test
    void getDeviceThenPrefilledFormCsrfCookieAndSecurityHeaders() {
        EventBrowser browser = new EventBrowser(functions.verification);
        var page = browser.get("user_code=bcdf%20ghjk");
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertSecurityHeaders(page);
        assertThat(page.getBody()).contains("<label for=\"user_code\">Code</label>")
                .contains("value=\"BCDF-GHJK\"").contains(">Continue</button>");
        assertThat(page.getCookies()).singleElement().satisfies(c -> assertThat(c)
                .startsWith("__Host-cliauth_csrf=").contains("HttpOnly").contains("SameSite=Lax").contains("Secure"));
        assertThat(page.getMultiValueHeaders()).isNull();
    }

    @Test
    void approveThroughPagesThenGrantApprovedAndDeviceGetsTokens() {
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        var confirm = browser.signInWithCode(started.userCode(), EMAIL, PASSWORD);
        assertThat(confirm.getStatusCode()).isEqualTo(200);
        assertSecurityHeaders(confirm);
        assertThat(browser.posted.getStatusCode()).as("the post redirects to the page it kept").isEqualTo(303);
        assertThat(browser.posted.getCookies()).as("sign-in sets session, rotates CSRF and keeps its page: three Set-Cookie in cookies[]")
                .hasSize(3).anySatisfy(c -> assertThat(c).startsWith("__Host-cliauth_session=").contains("HttpOnly"))
                .anySatisfy(c -> assertThat(c).startsWith("__Host-cliauth_csrf="))
                .anySatisfy(c -> assertThat(c).startsWith("__Host-cliauth_view=").contains("HttpOnly").contains("Max-Age=600"));
        assertThat(EventBrowser.text(confirm.getBody())).contains("Demo CLI").contains(started.userCode()).contains("198.51.100.23")
                .contains("Only approve this if you started it yourself");
        assertThat(confirm.getBody()).contains("value=\"approve\"").contains("value=\"deny\"");
        var done = browser.decide("approve");
        assertThat(done.getBody()).contains("Return to your terminal");
        assertThat(status(started.deviceCode())).isEqualTo("APPROVED");
        assertThat(logins.poll(started.deviceCode()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void denyThroughPagesThenDeviceGetsAccessDenied() {
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        browser.signInWithCode(started.userCode(), EMAIL, PASSWORD);
        browser.decide("deny");
        assertThat(browser.last.getBody()).contains("Request denied");
        assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "access_denied");
    }

    @Test
    void postWithoutCsrfThenRefusedAndNothingDecided() {
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        browser.signInWithCode(started.userCode(), EMAIL, PASSWORD);
        String signed = "&grant=" + enc(browser.field("grant")) + "&app=" + enc(browser.field("app"))
                + "&sig=" + enc(browser.field("sig")) + "&decision=approve";
        var refused = browser.post("/device/decision", signed.substring(1));
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertSecurityHeaders(refused);
        var wrong = browser.post("/device/decision", "csrf=AAAA" + signed);
        assertThat(wrong.getStatusCode()).isEqualTo(403);
        assertThat(status(started.deviceCode())).isEqualTo("PENDING");
    }

    @Test
    void sessionCookieFromAnotherBrowserCannotApprove() {
        var started = logins.start();
        EventBrowser victim = new EventBrowser(functions.verification);
        victim.signInWithCode(started.userCode(), EMAIL, PASSWORD);
        String signed = "&grant=" + enc(victim.field("grant")) + "&app=" + enc(victim.field("app"))
                + "&sig=" + enc(victim.field("sig")) + "&decision=approve";
        EventBrowser attacker = new EventBrowser(functions.verification);
        attacker.get(null);
        attacker.cookies().put(BrowserState.SESSION_COOKIE, victim.cookies().get(BrowserState.SESSION_COOKIE));
        var refused = attacker.post("/device/decision", "csrf=" + enc(victim.csrf()) + signed);
        assertThat(refused.getStatusCode()).isEqualTo(403);
        // Nor does a signed form of one session work in another signed-in session.
        EventBrowser other = new EventBrowser(functions.verification);
        other.signInWithCode(logins.start().userCode(), EMAIL, PASSWORD);
        assertThat(other.post("/device/decision", "csrf=" + enc(other.csrf()) + signed).getStatusCode()).isEqualTo(403);
        assertThat(status(started.deviceCode())).isEqualTo("PENDING");
    }

    @Test
    void signInWithWrongPasswordThen401AndNoSession() {
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        var page = browser.signInWithCode(started.userCode(), EMAIL, "wrong-password");
        assertThat(page.getStatusCode()).isEqualTo(401);
        assertThat(page.getBody()).contains("Email or password is incorrect");
        assertThat(browser.cookies()).doesNotContainKey(BrowserState.SESSION_COOKIE);
    }

    @Test
    void signInWithUnknownAccountThenSameAnswerAsWrongPassword() {
        var started = logins.start();
        var page = new EventBrowser(functions.verification).signInWithCode(started.userCode(), "nobody@example.com", "x");
        assertThat(page.getStatusCode()).isEqualTo(401);
        assertThat(page.getBody()).contains("Email or password is incorrect");
    }

    @Test
    void sessionPlantedBySiblingSubdomainThenIgnored() {
        // An attacker on another subdomain can set "cliauth_session" with Domain=<parent>, but not a
        // __Host- cookie: the plain name is never read, so the victim is not signed in as the attacker.
        EventBrowser attacker = new EventBrowser(functions.verification);
        attacker.signInWithCode(logins.start().userCode(), EMAIL, PASSWORD);
        String attackersSession = attacker.cookies().get(BrowserState.SESSION_COOKIE);
        assertThat(attackersSession).isNotNull();
        var started = logins.start();

        EventBrowser victim = new EventBrowser(functions.verification);
        victim.cookies().put("cliauth_session", attackersSession);
        victim.get(null);
        var page = victim.post("/device", "csrf=" + enc(victim.csrf()) + "&user_code=" + enc(started.userCode()));
        assertThat(page.getBody()).as("asked to sign in, not shown a confirmation for the planted account")
                .contains("name=\"password\"").doesNotContain("Only approve this if you started it yourself");

        // Control: the same value under the real name is a valid session.
        EventBrowser same = new EventBrowser(functions.verification);
        same.cookies().put(BrowserState.SESSION_COOKIE, attackersSession);
        same.get(null);
        assertThat(same.post("/device", "csrf=" + enc(same.csrf()) + "&user_code=" + enc(started.userCode())).getBody())
                .contains("Only approve this if you started it yourself");
    }

    @Test
    void sessionCookieSentTwiceThenNeitherTrusted() {
        // Two cookies of one name: one came from elsewhere (another path or domain). Neither is used.
        var started = logins.start();
        EventBrowser victim = new EventBrowser(functions.verification);
        victim.signInWithCode(started.userCode(), EMAIL, PASSWORD);
        String csrf = victim.csrf();
        String session = BrowserState.SESSION_COOKIE + "=" + victim.cookies().get(BrowserState.SESSION_COOKIE);
        String nonce = BrowserState.CSRF_COOKIE + "=" + victim.cookies().get(BrowserState.CSRF_COOKIE);
        String form = "csrf=" + enc(csrf) + "&user_code=" + started.userCode();

        var once = EventBrowser.followed(functions.verification, Functions.invoke(functions.verification,
                Events.load("device-signin").path("/device").cookies(List.of(session, nonce)).form(form).build()),
                List.of(session, nonce));
        assertThat(once.getBody()).as("control: sent once, the session is used")
                .contains("Only approve this if you started it yourself");
        var twice = EventBrowser.followed(functions.verification, Functions.invoke(functions.verification,
                Events.load("device-signin").path("/device").cookies(List.of(session, session, nonce)).form(form).build()),
                List.of(session, nonce));
        assertThat(twice.getBody()).doesNotContain("Only approve this if you started it yourself");
    }

    @Test
    void cookiesInOneHeaderAndInCookiesArrayAreAllRead() {
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        browser.signInWithCode(started.userCode(), EMAIL, PASSWORD);
        String csrf = browser.csrf();
        // Both cookies in one Cookie header after another cookie, none in cookies[].
        String header = "theme=dark; " + BrowserState.CSRF_COOKIE + "=" + browser.cookies().get(BrowserState.CSRF_COOKIE)
                + "; " + BrowserState.SESSION_COOKIE + "=" + browser.cookies().get(BrowserState.SESSION_COOKIE);
        var page = EventBrowser.followed(functions.verification, Functions.invoke(functions.verification,
                Events.load("device-signin").path("/device").cookies(List.of()).header("cookie", header)
                .form("csrf=" + enc(csrf) + "&user_code=" + started.userCode()).build()), List.of(
                        BrowserState.CSRF_COOKIE + "=" + browser.cookies().get(BrowserState.CSRF_COOKIE),
                        BrowserState.SESSION_COOKIE + "=" + browser.cookies().get(BrowserState.SESSION_COOKIE)));
        assertThat(page.getBody()).contains("Only approve this if you started it yourself");
    }

    @Test
    void htmlInClientNameScopesAndUserAgentIsEscaped() {
        var started = logins.start("evil-cli", "openid");
        String deviceCode = started.deviceCode();
        EventBrowser browser = new EventBrowser(functions.verification)
                .userAgent("\"><img src=x onerror=alert(1)>");
        var page = browser.signInWithCode(started.userCode(), EMAIL, PASSWORD);
        assertThat(page.getBody()).doesNotContain("<script>alert").doesNotContain("<img src=x")
                .contains("<h1>Allow &lt;script&gt;alert('name')&lt;/script&gt;?</h1>");
        assertThat(browser.field("app")).as("the attribute decodes to the name, nothing more")
                .isEqualTo("<script>alert('name')</script>");
        assertThat(status(deviceCode)).isEqualTo("PENDING");
    }

    @Test
    void unknownCodeThenNeutral404AndExpiredCodeThenExpiredPage() {
        EventBrowser browser = new EventBrowser(functions.verification);
        var unknown = browser.signInWithCode("ZZZZ-ZZZZ", EMAIL, PASSWORD);
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(unknown.getBody()).contains("That code didn't work");

        var started = logins.start();
        functions.clock.advance(Duration.ofMinutes(11));
        try {
            browser.get(null);
            var expired = browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + started.userCode());
            assertThat(expired.getStatusCode()).isEqualTo(410);
            assertThat(expired.getBody()).contains("expired");
        } finally {
            functions.clock.advance(Duration.ofMinutes(-11));
        }
    }

    @Test
    void malformedCodeThenFormWithError() {
        EventBrowser browser = new EventBrowser(functions.verification);
        browser.get(null);
        var page = browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=hello");
        assertThat(page.getStatusCode()).isEqualTo(400);
        assertThat(page.getBody()).contains("role=\"alert\"");
    }

    @Test
    void invalidBase64BodyThenHtml400NotJson() {
        var page = Functions.invoke(functions.verification, Events.load("device-signin").rawBody("***", true).build());
        assertThat(page.getStatusCode()).isEqualTo(400);
        assertThat(page.getHeaders().get("Content-Type")).startsWith("text/html");
    }

    @Test
    void unknownPageThenHtml404() {
        var page = new EventBrowser(functions.verification).send(Events.load("device-page").path("/device/nope"));
        assertThat(page.getStatusCode()).isEqualTo(404);
        assertSecurityHeaders(page);
    }

    @Test
    void stylesheetServed() {
        var css = new EventBrowser(functions.verification).send(Events.load("device-page").path("/device/assets/style.css"));
        assertThat(css.getStatusCode()).isEqualTo(200);
        assertThat(css.getBody()).contains(".decision");
    }
}
