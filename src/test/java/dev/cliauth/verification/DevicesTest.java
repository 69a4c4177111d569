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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Your devices" (SPEC §13, issue 11 item 2): a signed-in user sees each CLI session they approved
 * (application, scopes, when and from where it was approved, the device's own IP and user agent,
 * last refresh) and revokes any: the family dies at once, so the CLI's next refresh is
 * {@code invalid_grant}, and its access token is recorded revoked. An admin does the same for any
 * account of the org; an ordinary account naming another gets 403 and a {@code forbidden} event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevicesTest {

    private static final String BOB_PASSWORD = "bob-password";
    private static final java.util.concurrent.atomic.AtomicInteger ACCOUNTS = new java.util.concurrent.atomic.AtomicInteger();

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

    /** A new ordinary account of the default org (password {@link #BOB_PASSWORD}): its email. */
    private String newAccount() {
        int n = ACCOUNTS.incrementAndGet();
        String email = "bob" + n + "@example.com";
        functions.seed.account(email, "bob-user-" + n, "Bob " + n, BOB_PASSWORD, false);
        return email;
    }

    /** A login of demo-cli approved in {@code browser} (signed in as {@code email}); the token response. */
    private Map<String, Object> approvedLogin(EventBrowser browser, String email, String password) {
        Logins.Started started = logins.start(Seed.DEMO_CLIENT, "openid email offline_access");
        browser.signInWithCode(started.userCode(), email, password);
        assertThat(browser.decide("approve").getBody()).contains("You're signed in");
        functions.clock.advance(Duration.ofSeconds(5));
        APIGatewayV2HTTPResponse tokens = logins.poll(started.deviceCode(), Seed.DEMO_CLIENT);
        assertThat(tokens.getStatusCode()).isEqualTo(200);
        return Functions.json(tokens);
    }

    private APIGatewayV2HTTPResponse devices(EventBrowser browser, String path, String query) {
        return browser.send(Events.load("device-page").path(path).query(query));
    }

    private APIGatewayV2HTTPResponse refresh(String refreshToken) {
        return logins.tokenRequest("grant_type=refresh_token&client_id=demo-cli&refresh_token=" + enc(refreshToken));
    }

    private APIGatewayV2HTTPResponse userinfo(String accessToken) {
        return Functions.invoke(functions.token, Events.load("jwks").path("/oauth2/userinfo")
                .header("authorization", "Bearer " + accessToken).build());
    }

    private Map<String, AttributeValue> family(String familyId) {
        return functions.dynamo.getItem(g -> g.tableName(functions.table).key(Attrs.key(Keys.refreshFamily(familyId)))
                .consistentRead(true)).item();
    }

    /** The family ids the last page offers to revoke. */
    private static List<String> families(APIGatewayV2HTTPResponse page) {
        Matcher m = Pattern.compile("name=\"family\" value=\"([A-Za-z0-9_-]+)\"").matcher(page.getBody());
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String jti(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        Matcher m = Pattern.compile("\"jti\":\"([^\"]+)\"").matcher(payload);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void devicesWhenUserRevokesASessionThenItsRefreshIsInvalidGrantAndItsAccessTokenIsRevoked() {
        EventBrowser browser = new EventBrowser(functions.verification).userAgent("Mozilla/5.0 Approver-Browser")
                .from("198.51.100.77");
        Map<String, Object> tokens = approvedLogin(browser, newAccount(), BOB_PASSWORD);

        APIGatewayV2HTTPResponse page = devices(browser, "/devices", "");
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders()).containsEntry("Cache-Control", "no-store");
        String text = EventBrowser.text(page.getBody());
        assertThat(text).contains("Your devices", "Demo CLI", "Confirm who you are; See your email address; Stay signed in",
                "IP address 198.51.100.77", "Approver-Browser", "(says of itself, not verified)", "Last refresh", "not yet");
        List<String> ids = families(page);
        assertThat(ids).hasSize(1);

        functions.clock.advance(Duration.ofMinutes(3));
        APIGatewayV2HTTPResponse refreshed = refresh((String) tokens.get("refresh_token"));
        assertThat(refreshed.getStatusCode()).isEqualTo(200);
        Map<String, Object> next = Functions.json(refreshed);
        assertThat(EventBrowser.text(devices(browser, "/devices", "").getBody())).doesNotContain("not yet")
                .contains("3 minutes ago");
        assertThat(userinfo((String) next.get("access_token")).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse revoked = browser.post("/devices", "csrf=" + enc(browser.csrf()) + "&family=" + ids.get(0));
        assertThat(revoked.getStatusCode()).isEqualTo(303);
        assertThat(revoked.getHeaders()).containsEntry("Location", "/devices?done=revoked");

        assertThat(family(ids.get(0))).containsKey("revoked_at").containsEntry("revoked_reason", Attrs.s("revoked by its user"))
                .as("out of the devices index at once").doesNotContainKey(Keys.DEVICE_OWNER);
        assertThat(functions.dynamo.getItem(g -> g.tableName(functions.table)
                .key(Attrs.key(Keys.revokedAccessToken(jti((String) tokens.get("access_token")))))).item())
                .as("the redemption's access token, one refresh before").isNotEmpty();
        assertThat(functions.dynamo.getItem(g -> g.tableName(functions.table)
                .key(Attrs.key(Keys.revokedAccessToken(jti((String) next.get("access_token")))))).item()).isNotEmpty();
        APIGatewayV2HTTPResponse after = refresh((String) next.get("refresh_token"));
        assertThat(Functions.json(after)).containsEntry("error", "invalid_grant");
        assertThat(userinfo((String) next.get("access_token")).getStatusCode()).isEqualTo(401);

        APIGatewayV2HTTPResponse list = devices(browser, "/devices", "done=revoked");
        assertThat(EventBrowser.text(list.getBody())).contains("Revoked: that device is signed out")
                .contains("No command-line tool is signed in with this account.");
        assertThat(families(list)).isEmpty();
    }

    @Test
    void devicesWhenAnotherAccountPostsMyFamilyOrAsksForMyListThenNothingAndForbidden() {
        String owner = newAccount();
        String bobEmail = newAccount();
        EventBrowser demo = new EventBrowser(functions.verification);
        approvedLogin(demo, owner, BOB_PASSWORD);
        String demoFamily = families(devices(demo, "/devices", "")).get(0);

        EventBrowser bob = new EventBrowser(functions.verification);
        devices(bob, "/devices", "");
        bob.post("/device/signin", "csrf=" + enc(bob.csrf()) + "&next=devices&username=" + enc(bobEmail)
                + "&password=" + enc(BOB_PASSWORD));
        devices(bob, "/devices", "");
        APIGatewayV2HTTPResponse tried = bob.post("/devices", "csrf=" + enc(bob.csrf()) + "&family=" + demoFamily);
        assertThat(tried.getHeaders()).containsEntry("Location", "/devices?done=gone");
        assertThat(family(demoFamily)).doesNotContainKey("revoked_at");

        APIGatewayV2HTTPResponse other = devices(bob, "/devices", "user=" + enc(owner));
        assertThat(other.getStatusCode()).isEqualTo(403);
        assertThat(forbiddenEvents(bobEmail)).as("a link cannot write an event in someone's name").isZero();
        assertThat(other.getBody()).doesNotContain(demoFamily).doesNotContain("Demo CLI");
        APIGatewayV2HTTPResponse otherRevoke = bob.post("/devices", "csrf=" + enc(bob.csrf()) + "&family=" + demoFamily
                + "&user=" + enc(owner));
        assertThat(otherRevoke.getStatusCode()).isEqualTo(403);
        assertThat(family(demoFamily)).doesNotContainKey("revoked_at");
        assertThat(forbiddenEvents(bobEmail)).as("the post").isEqualTo(1);
    }

    @Test
    void devicesWhenAnAdminNamesAnAccountThenSeesAndRevokesItsSessions() {
        String owner = newAccount();
        Map<String, Object> tokens = approvedLogin(new EventBrowser(functions.verification), owner, BOB_PASSWORD);

        EventBrowser admin = new EventBrowser(functions.verification);
        devices(admin, "/devices", "");
        APIGatewayV2HTTPResponse signedIn = admin.post("/device/signin", "csrf=" + enc(admin.csrf())
                + "&next=devices&username=" + enc(Seed.ADMIN_EMAIL) + "&password=" + enc(Seed.ADMIN_PASSWORD));
        assertThat(signedIn.getStatusCode()).isEqualTo(303);
        assertThat(signedIn.getHeaders()).containsEntry("Location", "/devices");
        assertThat(devices(admin, "/devices", "").getBody()).contains("Another account's devices (admins)");

        APIGatewayV2HTTPResponse list = devices(admin, "/devices", "user=" + enc(owner));
        assertThat(EventBrowser.text(list.getBody())).contains("Devices of " + owner, "Demo CLI");
        assertThat(families(list)).hasSize(1);
        APIGatewayV2HTTPResponse revoked = admin.post("/devices", "csrf=" + enc(admin.csrf()) + "&family="
                + families(list).get(0) + "&user=" + enc(owner));
        assertThat(revoked.getHeaders()).containsEntry("Location", "/devices?user=" + enc(owner) + "&done=revoked");
        assertThat(family(families(list).get(0))).containsEntry("revoked_reason", Attrs.s("revoked by an admin"));
        assertThat(Functions.json(refresh((String) tokens.get("refresh_token")))).containsEntry("error", "invalid_grant");

        assertThat(devices(admin, "/devices", "user=" + enc("nobody@example.com")).getStatusCode()).isEqualTo(404);
    }

    @Test
    void devicesWhenSignedOutThenSignInFormLeadsBackAndAFormWithoutItsTokenChangesNothing() {
        EventBrowser browser = new EventBrowser(functions.verification);
        APIGatewayV2HTTPResponse page = devices(browser, "/devices", "");
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getBody()).contains("name=\"next\" value=\"devices\"").contains("Sign in to see the devices");

        APIGatewayV2HTTPResponse wrong = browser.post("/device/signin", "csrf=" + enc(browser.csrf())
                + "&next=devices&username=" + enc("nobody@example.com") + "&password=wrong");
        assertThat(wrong.getStatusCode()).isEqualTo(401);
        assertThat(wrong.getBody()).contains("Email or password is incorrect.").contains("value=\"devices\"");

        Map<String, Object> tokens = approvedLogin(browser, newAccount(), BOB_PASSWORD);
        List<String> ids = families(devices(browser, "/devices", ""));
        APIGatewayV2HTTPResponse forged = browser.post("/devices", "csrf=forged&family=" + ids.get(0));
        assertThat(forged.getStatusCode()).isEqualTo(403);
        assertThat(family(ids.get(0))).doesNotContainKey("revoked_at");
        assertThat(refresh((String) tokens.get("refresh_token")).getStatusCode()).isEqualTo(200);
    }

    @Test
    void orgDevicesWhenAliceSignsInThenHerAcmeSessionsAtTheOrgPath() {
        EventBrowser alice = new EventBrowser(functions.verification).at("/orgs/acme/device");
        APIGatewayV2HTTPResponse form = devices(alice, "/orgs/acme/devices", "");
        assertThat(form.getBody()).contains("action=\"/orgs/acme/device/signin\"");
        APIGatewayV2HTTPResponse in = alice.post("/orgs/acme/device/signin", "csrf=" + enc(alice.csrf())
                + "&next=devices&username=" + enc(Seed.ACME_EMAIL) + "&password=" + enc(Seed.ACME_PASSWORD));
        assertThat(in.getHeaders()).containsEntry("Location", "/orgs/acme/devices");
        APIGatewayV2HTTPResponse list = devices(alice, "/orgs/acme/devices", "");
        assertThat(list.getStatusCode()).isEqualTo(200);
        assertThat(list.getBody()).contains("Your devices").contains("href=\"/orgs/acme/devices\"");
        // The default org's session cookie is not alice's: /devices asks her to sign in.
        assertThat(devices(alice, "/devices", "").getBody()).contains("Sign in to see the devices");
    }

    private long forbiddenEvents(String email) {
        return functions.dynamo.scan(s -> s.tableName(functions.table)).items().stream()
                .filter(i -> Attrs.str(i, Keys.PK).startsWith("AUDIT#default#"))
                .filter(i -> "forbidden".equals(Attrs.str(i, "event")) && email.equals(Attrs.str(i, "email"))).count();
    }

    @Test
    void devicesWhenAFamilyPredatesTheIndexThenItIsListedFromItsFirstRefresh() {
        String email = newAccount();
        EventBrowser browser = new EventBrowser(functions.verification);
        Map<String, Object> tokens = approvedLogin(browser, email, BOB_PASSWORD);
        String family = families(devices(browser, "/devices", "")).get(0);
        // As a family started before "your devices" was: no owner key, no access-token record.
        functions.dynamo.updateItem(u -> u.tableName(functions.table).key(Attrs.key(Keys.refreshFamily(family)))
                .updateExpression("REMOVE device_owner, access_jti, access_expires_at"));
        assertThat(families(devices(browser, "/devices", ""))).isEmpty();
        assertThat(refresh((String) tokens.get("refresh_token")).getStatusCode()).isEqualTo(200);
        assertThat(families(devices(browser, "/devices", ""))).containsExactly(family);
        assertThat(family(family)).containsEntry("previous_jti", Attrs.s(""));
    }

    @Test
    void revokeWhenCutShortAfterItsFirstWriteThenTheNextPressRecordsTheAccessTokens() {
        String email = newAccount();
        EventBrowser browser = new EventBrowser(functions.verification);
        Map<String, Object> tokens = approvedLogin(browser, email, BOB_PASSWORD);
        String family = families(devices(browser, "/devices", "")).get(0);
        browser.post("/devices", "csrf=" + enc(browser.csrf()) + "&family=" + family);
        String revoked = Keys.revokedAccessToken(jti((String) tokens.get("access_token")));
        // As if the put of the revoked access token had failed after the family's update.
        functions.dynamo.deleteItem(d -> d.tableName(functions.table).key(Attrs.key(revoked)));
        APIGatewayV2HTTPResponse again = browser.post("/devices", "csrf=" + enc(browser.csrf()) + "&family=" + family);
        assertThat(browser.posted.getHeaders()).containsEntry("Location", "/devices?done=gone");
        assertThat(again.getStatusCode()).isEqualTo(303);
        assertThat(functions.dynamo.getItem(g -> g.tableName(functions.table).key(Attrs.key(revoked))).item()).isNotEmpty();
    }
}
