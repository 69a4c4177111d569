package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser sessions are the server's (SPEC §6): sign-out ends them, they are re-checked against the
 * account on every use, Approve asks for the password again after the org's window, and the
 * tokens' auth_time is when the password was entered.
 */
class SessionsTest {

    private static final String EMAIL = "demo@example.com";
    private static final String PASSWORD = "demo-password";

    private Functions functions;
    private Logins logins;

    @BeforeEach
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
    }

    @AfterEach
    void stop() {
        functions.close();
    }

    private EventBrowser signedInOnConfirmation(String userCode) {
        EventBrowser browser = new EventBrowser(functions.verification);
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode(userCode, EMAIL, PASSWORD);
        assertThat(confirm.getStatusCode()).as(confirm.getBody()).isEqualTo(200);
        return browser;
    }

    private static String decisionForm(EventBrowser b, String decision) {
        return "csrf=" + enc(b.csrf()) + "&grant=" + enc(b.field("grant")) + "&app=" + enc(b.field("app"))
                + "&sig=" + enc(b.field("sig")) + "&decision=" + decision;
    }

    @Test
    void signOutEndsTheSessionOnTheServerSoACopiedCookieIsWorthless() {
        var started = logins.start();
        EventBrowser browser = signedInOnConfirmation(started.userCode());
        assertThat(browser.last.getBody()).contains("Not you?").contains("/device/signout");
        String approveForm = decisionForm(browser, "approve");
        Map<String, String> copied = new HashMap<>(browser.cookies());

        APIGatewayV2HTTPResponse out = browser.post("/device/signout", "csrf=" + enc(browser.csrf()));
        assertThat(out.getStatusCode()).isEqualTo(200);
        assertThat(out.getBody()).contains("You're signed out").doesNotContain("Signed in as");
        assertThat(String.join("\n", browser.posted.getCookies()))
                .contains("cliauth_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");

        // Someone who kept a copy of the cookies (a shared browser's next user) is not signed in.
        EventBrowser thief = new EventBrowser(functions.verification);
        thief.cookies().putAll(copied);
        APIGatewayV2HTTPResponse page = thief.get(null);
        assertThat(page.getBody()).doesNotContain("Signed in as").doesNotContain(EMAIL);
        assertThat(thief.post("/device/decision", approveForm).getBody()).contains("This form has expired");
        assertThat(Attrs.str(logins.grantItem(started.deviceCode()), "status")).isEqualTo("PENDING");
        // The code the thief types leads to the sign-in form, not to a confirmation.
        APIGatewayV2HTTPResponse entered = thief.post("/device", "csrf=" + enc(thief.csrf()) + "&user_code="
                + enc(started.userCode()));
        assertThat(entered.getBody()).contains("name=\"password\"").doesNotContain("Allow ");
    }

    @Test
    void aDisabledAccountsSessionCanNeitherLookUpCodesNorDeny() {
        var started = logins.start();
        EventBrowser browser = signedInOnConfirmation(started.userCode());
        String denyForm = decisionForm(browser, "deny");
        setAccount("SET disabled = :t", Map.of(":t", Attrs.bool(true)));

        assertThat(browser.post("/device/decision", denyForm).getBody()).contains("This form has expired");
        assertThat(Attrs.str(logins.grantItem(started.deviceCode()), "status")).isEqualTo("PENDING");
        assertThat(browser.get(null).getBody()).doesNotContain("Signed in as");
        APIGatewayV2HTTPResponse lookup = browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code="
                + enc(logins.start().userCode()));
        assertThat(lookup.getBody()).as("signed out: the sign-in form").contains("name=\"password\"");
    }

    @Test
    void clearedSessionsOfAnAccountSignEveryBrowserOut() {
        EventBrowser one = signedInOnConfirmation(logins.start().userCode());
        EventBrowser two = signedInOnConfirmation(logins.start().userCode());
        assertThat(one.get(null).getBody()).contains("Signed in as " + EMAIL);
        // What the admin tool's set-password does besides the new hash (AdminTest runs the tool itself).
        setAccount("REMOVE sessions", Map.of());
        assertThat(one.get(null).getBody()).doesNotContain("Signed in as");
        assertThat(two.get(null).getBody()).doesNotContain("Signed in as");
        assertThat(String.join("\n", two.last.getCookies())).contains("cliauth_session=;").contains("Max-Age=0");
    }

    @Test
    void approveAfterTheWindowAsksForThePasswordAgainAndAuthTimeIsWhenItWasEntered() throws Exception {
        var started = logins.start();
        long signedInAt = functions.clock.millis();
        EventBrowser browser = signedInOnConfirmation(started.userCode());
        functions.clock.advance(Duration.ofMinutes(6));

        APIGatewayV2HTTPResponse confirm = browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code="
                + enc(started.userCode()));
        assertThat(confirm.getBody()).contains("enter your password again").contains("name=\"password\"");
        String approve = decisionForm(browser, "approve");

        APIGatewayV2HTTPResponse asked = browser.post("/device/decision", approve);
        assertThat(asked.getStatusCode()).isEqualTo(200);
        assertThat(asked.getBody()).contains("Confirm it's you");
        assertThat(Attrs.str(logins.grantItem(started.deviceCode()), "status")).isEqualTo("PENDING");

        APIGatewayV2HTTPResponse wrong = browser.post("/device/decision", approve + "&password=not-it");
        assertThat(wrong.getStatusCode()).isEqualTo(401);
        assertThat(wrong.getBody()).contains("Password is incorrect.");
        assertThat(Attrs.str(logins.grantItem(started.deviceCode()), "status")).isEqualTo("PENDING");

        functions.clock.advance(Duration.ofSeconds(30));
        long reenteredAt = functions.clock.millis();
        APIGatewayV2HTTPResponse approved = browser.post("/device/decision", approve + "&password=" + enc(PASSWORD));
        assertThat(approved.getBody()).contains("Return to your terminal");
        assertThat(Attrs.num(logins.grantItem(started.deviceCode()), "auth_time", 0)).isEqualTo(reenteredAt);

        functions.clock.advance(Duration.ofSeconds(5));
        SignedJWT id = SignedJWT.parse((String) Functions.json(logins.poll(started.deviceCode())).get("id_token"));
        assertThat(id.getJWTClaimsSet().getLongClaim("auth_time")).isEqualTo(reenteredAt / 1000)
                .isNotEqualTo(signedInAt / 1000);

        // Re-entered now: the next approval within the window needs no password.
        var next = logins.start();
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(next.userCode()));
        assertThat(browser.last.getBody()).doesNotContain("enter your password again");
    }

    @Test
    void withinTheWindowApproveNeedsNoPasswordAndAuthTimeIsTheSignInNotTheApproval() throws Exception {
        var started = logins.start();
        long signedInAt = functions.clock.millis();
        EventBrowser browser = signedInOnConfirmation(started.userCode());
        assertThat(browser.last.getBody()).doesNotContain("enter your password again");
        functions.clock.advance(Duration.ofMinutes(4));
        assertThat(browser.decide("approve").getBody()).contains("Return to your terminal");
        functions.clock.advance(Duration.ofSeconds(5));
        SignedJWT id = SignedJWT.parse((String) Functions.json(logins.poll(started.deviceCode())).get("id_token"));
        assertThat(id.getJWTClaimsSet().getLongClaim("auth_time")).isEqualTo(signedInAt / 1000);
    }

    @Test
    void anOrgsOwnWindowApplies() {
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, Attrs.s(Keys.org("strict")), Keys.ORG, Attrs.s("strict"), "name", Attrs.s("Strict"),
                "reauth_s", Attrs.n(60))));
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, Attrs.s(Keys.client("strict", "strict-cli")), Keys.ORG, Attrs.s("strict"),
                "client_id", Attrs.s("strict-cli"), "name", Attrs.s("Strict CLI"), "scopes", Attrs.list(java.util.List.of("openid")))));
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, Attrs.s(Keys.user("strict", "sam@strict.example")), Keys.ORG, Attrs.s("strict"),
                "subject", Attrs.s("usr_sam"), "email", Attrs.s("sam@strict.example"), "name", Attrs.s("Sam"),
                "password_hash", Attrs.s(dev.cliauth.account.Passwords.hash("sam-password", 4)))));
        var started = Functions.json(Functions.invoke(functions.deviceAuthorization, dev.cliauth.testing.Events
                .load("org-device-authorization").path("/orgs/strict/api/v1/oauth/device_authorization")
                .form("client_id=strict-cli&scope=openid").build()));
        EventBrowser browser = new EventBrowser(functions.verification).at("/orgs/strict/device");
        browser.signInWithCode((String) started.get("user_code"), "sam@strict.example", "sam-password");
        functions.clock.advance(Duration.ofSeconds(90));
        assertThat(browser.decide("approve").getBody()).contains("Confirm it's you");
    }

    @Test
    void signingInPastTheMostSessionsEndsTheOldest() {
        EventBrowser oldest = signedInOnConfirmation(logins.start().userCode());
        functions.clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 40; i++) {
            signedInOnConfirmation(logins.start().userCode());
        }
        assertThat(oldest.get(null).getBody()).doesNotContain("Signed in as");
        AttributeValue sessions = functions.dynamo.getItem(g -> g.tableName(functions.table)
                .key(Attrs.key(Keys.user("default", EMAIL)))).item().get("sessions");
        assertThat(sessions.m()).hasSize(40);
    }

    private void setAccount(String update, Map<String, AttributeValue> values) {
        functions.dynamo.updateItem(u -> {
            u.tableName(functions.table).key(Attrs.key(Keys.user("default", EMAIL))).updateExpression(update);
            if (!values.isEmpty()) {
                u.expressionAttributeValues(values);
            }
        });
    }
}
