package dev.cliauth.portal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.lambda.PortalHandler;
import dev.cliauth.local.SamTemplate;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The org portal (SPEC §8, issue 11 item 1), through the real portal and verification functions:
 * an org admin creates, edits, disables applications and rotates their secrets, invites, disables
 * and promotes accounts, changes the org's settings and reads its audit trail; everyone else is
 * refused on every route (403 and a {@code forbidden} event), and nothing is changed by a form
 * without its CSRF token or, after the re-authentication time, without the password again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalTest {

    private static final AtomicInteger IDS = new AtomicInteger();
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

    private static String id(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    /** A browser signed in to the portal of the default org as {@code email}. */
    private EventBrowser signedIn(String email, String password) {
        EventBrowser browser = new EventBrowser(functions.verification).withPortal(functions.portal());
        APIGatewayV2HTTPResponse form = page(browser, "/portal/applications", "");
        assertThat(form.getBody()).contains("Sign in to manage your organisation");
        browser.post("/device/signin", "csrf=" + enc(browser.csrf()) + "&next=portal&username=" + enc(email)
                + "&password=" + enc(password));
        return browser;
    }

    private EventBrowser admin() {
        return signedIn(Seed.ADMIN_EMAIL, Seed.ADMIN_PASSWORD);
    }

    /** A browser signed in to the portal of {@code org} as {@code email}: the sign-in form it shows, then the post. */
    private EventBrowser signedIn(String org, String email, String password) {
        EventBrowser browser = new EventBrowser(functions.verification).withPortal(functions.portal()).at("/orgs/" + org + "/device");
        page(browser, "/orgs/" + org + "/portal/applications", "");
        browser.post("/orgs/" + org + "/device/signin", "csrf=" + enc(browser.csrf()) + "&next=portal&username=" + enc(email)
                + "&password=" + enc(password));
        return browser;
    }

    /** A new org with an admin {@code root@<org>.example} (password {@code root-password}): its id. */
    private String orgWithAdmin(String prefix, String name) {
        String org = prefix + "-" + IDS.incrementAndGet();
        functions.seed.org(org, name).account(org, "root@" + org + ".example", "root-" + org, "Root", "root-password", false)
                .role(org, "root@" + org + ".example", "admin");
        return org;
    }

    private static APIGatewayV2HTTPResponse page(EventBrowser browser, String path, String query) {
        return browser.send(Events.load("device-page").path(path).query(query));
    }

    private Map<String, AttributeValue> item(String pk) {
        return functions.dynamo.getItem(g -> g.tableName(functions.table).key(Attrs.key(pk)).consistentRead(true)).item();
    }

    private List<Map<String, AttributeValue>> events(String org, String event) {
        return functions.dynamo.scan(s -> s.tableName(functions.table)).items().stream()
                .filter(i -> Attrs.str(i, Keys.PK).startsWith("AUDIT#" + org + "#"))
                .filter(i -> event.equals(Attrs.str(i, "event"))).toList();
    }

    private static String createForm(EventBrowser browser, String clientId, String type, String extra) {
        return "csrf=" + enc(browser.csrf()) + "&client_id=" + enc(clientId) + "&name=" + enc("Portal CLI " + clientId)
                + "&type=" + type + "&party=first&scopes=" + enc("openid email offline_access") + "&refresh=offline_access"
                + "&code_ttl=&interval=&user_code_format=" + extra;
    }

    /** A device authorization of a confidential client ({@code client_secret_post}). */
    private APIGatewayV2HTTPResponse authorize(String clientId, String secret) {
        return Functions.invoke(functions.deviceAuthorization, Events.load("device-authorization")
                .form("client_id=" + enc(clientId) + "&client_secret=" + enc(secret) + "&scope=openid").build());
    }

    private static String secretOf(String body) {
        Matcher m = Pattern.compile("<code id=\"client_secret\" class=\"secret\">([^<]+)</code>").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    @Test
    void createWhenAdminThenTheApplicationListsAndACliLogsInWithIt() {
        EventBrowser admin = admin();
        assertThat(admin.last.getStatusCode()).isEqualTo(200);
        assertThat(admin.last.getBody()).contains("<h1>Applications</h1>").contains("demo-cli");
        String clientId = id("portal-cli");

        admin.post("/portal/applications", createForm(admin, clientId, "public", ""));

        assertThat(admin.posted.getStatusCode()).isEqualTo(303);
        assertThat(admin.last.getStatusCode()).isEqualTo(200);
        assertThat(admin.last.getBody()).contains("The application was created.").contains(clientId);
        Map<String, AttributeValue> stored = item(Keys.client("default", clientId));
        assertThat(stored).doesNotContainKey("secret_sha256").containsEntry("org_list", Attrs.s("default#client"));
        assertThat(page(admin, "/portal/applications", "").getBody()).contains("Portal CLI " + clientId);
        // The CLI logs in with it, and the user approves it by its portal name.
        Logins.Started started = logins.start(clientId, "openid email");
        EventBrowser user = new EventBrowser(functions.verification);
        user.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        assertThat(user.last.getBody()).contains("Portal CLI " + clientId);
        user.decide("approve");
        functions.clock.advance(Duration.ofSeconds(5));
        assertThat(logins.poll(started.deviceCode(), clientId).getStatusCode()).isEqualTo(200);
        assertThat(events("default", "portal_change")).anyMatch(e -> clientId.equals(Attrs.str(e, "client_id"))
                && "application created".equals(Attrs.str(e, "detail")) && Seed.ADMIN_EMAIL.equals(Attrs.str(e, "email")));
    }

    @Test
    void createWhenConfidentialThenTheSecretIsShownOnceAndRotatingReplacesItOnce() {
        EventBrowser admin = admin();
        String clientId = id("portal-conf");

        APIGatewayV2HTTPResponse shown = admin.post("/portal/applications", createForm(admin, clientId, "confidential", ""));

        assertThat(shown.getStatusCode()).isEqualTo(201);
        assertThat(shown.getHeaders()).containsEntry("Cache-Control", "no-store");
        String secret = secretOf(shown.getBody());
        assertThat(Attrs.str(item(Keys.client("default", clientId)), "secret_sha256")).isEqualTo(DeviceCode.hash(secret));
        assertThat(page(admin, "/portal/applications/" + clientId, "").getBody()).doesNotContain(secret);
        assertThat(authorize(clientId, secret).getStatusCode()).isEqualTo(200);

        String rotateForm = "csrf=" + enc(admin.csrf()) + "&action=rotate&version=1";
        String rotated = secretOf(admin.post("/portal/applications/" + clientId, rotateForm).getBody());

        assertThat(rotated).isNotEqualTo(secret);
        assertThat(Attrs.str(item(Keys.client("default", clientId)), "secret_sha256")).isEqualTo(DeviceCode.hash(rotated));
        functions.clock.advance(Duration.ofSeconds(31));       // past the functions' client cache
        assertThat(authorize(clientId, secret).getStatusCode()).isEqualTo(401);
        assertThat(authorize(clientId, rotated).getStatusCode()).isEqualTo(200);
        // The same form again (Back, reload) rotates nothing.
        APIGatewayV2HTTPResponse again = admin.post("/portal/applications/" + clientId, rotateForm);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(again.getBody()).contains("already rotated");
        assertThat(Attrs.str(item(Keys.client("default", clientId)), "secret_sha256")).isEqualTo(DeviceCode.hash(rotated));
    }

    @Test
    void createWhenInputIsBadThenRefusedWithTheFormAndNothingWritten() {
        EventBrowser admin = admin();
        String weak = id("weak-cli");

        APIGatewayV2HTTPResponse lowEntropy = admin.post("/portal/applications", createForm(admin, weak, "public", "digits:6:3"));
        APIGatewayV2HTTPResponse badId = admin.post("/portal/applications", createForm(admin, "bad id<script>", "public", ""));
        APIGatewayV2HTTPResponse taken = admin.post("/portal/applications", createForm(admin, Seed.DEMO_CLIENT, "public", ""));

        assertThat(lowEntropy.getStatusCode()).isEqualTo(400);
        assertThat(lowEntropy.getBody()).contains("fewer than 33 bits").contains("value=\"digits:6:3\"");
        assertThat(item(Keys.client("default", weak))).isNullOrEmpty();
        assertThat(badId.getStatusCode()).isEqualTo(400);
        assertThat(badId.getBody()).contains("The client ID must be").doesNotContain("<script>")
                .contains("bad id&lt;script");
        assertThat(taken.getStatusCode()).isEqualTo(409);
        assertThat(Attrs.str(item(Keys.client("default", Seed.DEMO_CLIENT)), "name")).isNotEqualTo("Portal CLI " + Seed.DEMO_CLIENT);
    }

    @Test
    void saveWhenSettingsChangeThenDeviceAuthorizationUsesThemAndDisableStopsIt() {
        EventBrowser admin = admin();
        String clientId = id("tuned-cli");
        admin.post("/portal/applications", createForm(admin, clientId, "public", ""));

        admin.post("/portal/applications/" + clientId, "csrf=" + enc(admin.csrf()) + "&action=save&name=Tuned&party=third"
                + "&scopes=openid&refresh=never&code_ttl=120&interval=7&user_code_format=digits%3A10%3A5");

        assertThat(admin.last.getBody()).contains("Saved.").contains("value=\"digits:10:5\"");
        Logins.Started started = logins.start(clientId, "openid");
        assertThat(started.body()).containsEntry("expires_in", 120L).containsEntry("interval", 7L);
        assertThat(started.userCode()).matches("[0-9]{5}-[0-9]{5}");

        admin.post("/portal/applications/" + clientId, "csrf=" + enc(admin.csrf()) + "&action=disable");

        assertThat(admin.last.getBody()).contains("The application was disabled.");
        assertThat(item(Keys.client("default", clientId))).containsEntry("disabled", Attrs.bool(true));
        functions.clock.advance(Duration.ofSeconds(31));       // past the functions' client cache
        APIGatewayV2HTTPResponse refused = Functions.invoke(functions.deviceAuthorization,
                Events.load("device-authorization").form("client_id=" + clientId).build());
        assertThat(refused.getStatusCode()).isEqualTo(400);      // RFC 6749 §5.2: 401 only for a client that authenticated
        assertThat(refused.getBody()).contains("invalid_client");
    }

    /**
     * Every route of template.yaml that goes to the portal function, but the invitation link's page
     * (whose one-time link is its credential), as an ordinary account of the org the path names:
     * 403, one {@code forbidden} event each, and nothing changed.
     */
    @Test
    void everyPortalRouteWhenOrdinaryUserThen403AndAForbiddenEventEach() {
        List<SamTemplate.Route> routes = SamTemplate.load().routes().stream()
                .filter(r -> r.handlerClass().equals(PortalHandler.class.getName()) && !r.path().endsWith("/welcome")).toList();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(22);
        EventBrowser demo = signedIn(Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        assertThat(demo.last.getStatusCode()).isEqualTo(403);
        EventBrowser alice = signedIn("acme", Seed.ACME_EMAIL, Seed.ACME_PASSWORD);
        assertThat(alice.last.getStatusCode()).isEqualTo(403);
        page(demo, "/devices", "");          // a page of each account's with a form: its CSRF token is valid
        page(alice, "/orgs/acme/devices", "");
        int before = events("default", "forbidden").size() + events("acme", "forbidden").size();

        for (SamTemplate.Route route : routes) {
            boolean acme = route.path().startsWith("/orgs/");
            EventBrowser user = acme ? alice : demo;
            String path = route.path().replace("{orgId}", "acme").replace("{clientId}", acme ? Seed.ACME_CLIENT : Seed.DEMO_CLIENT);
            APIGatewayV2HTTPResponse r = route.method().equals("GET") ? page(user, path, "")
                    : user.post(path, createForm(user, "sneaky-cli", "public", "") + "&action=disable&email="
                    + enc(Seed.ADMIN_EMAIL) + "&password=" + enc(acme ? Seed.ACME_PASSWORD : Seed.DEMO_PASSWORD)
                    + "&next=applications");
            assertThat(r.getStatusCode()).as(route.method() + " " + path).isEqualTo(403);
            assertThat(r.getBody()).as(route.method() + " " + path).contains("Only the organisation's admins");
        }

        assertThat(events("default", "forbidden").size() + events("acme", "forbidden").size() - before)
                .isEqualTo(routes.size());
        assertThat(item(Keys.client("default", "sneaky-cli"))).isNullOrEmpty();
        assertThat(item(Keys.client("acme", "sneaky-cli"))).isNullOrEmpty();
        assertThat(item(Keys.client("default", Seed.DEMO_CLIENT))).doesNotContainKey("disabled");
        assertThat(item(Keys.user("default", Seed.ADMIN_EMAIL))).containsEntry("disabled", Attrs.bool(false));
        assertThat(item(Keys.org("acme"))).containsEntry("name", Attrs.s("Acme Corp"));
    }

    @Test
    void portalWhenSignedOutThenSignInFormAndFormsChangeNothing() {
        EventBrowser stranger = new EventBrowser(functions.verification).withPortal(functions.portal());
        for (String path : List.of("/portal/applications", "/portal/users", "/portal/settings", "/portal/audit")) {
            APIGatewayV2HTTPResponse r = page(stranger, path, "");
            assertThat(r.getStatusCode()).as(path).isEqualTo(200);
            assertThat(r.getBody()).as(path).contains("name=\"next\" value=\"portal\"");
        }
        stranger.post("/portal/applications", createForm(stranger, "anon-cli", "public", ""));
        assertThat(stranger.last.getBody()).contains("form");
        assertThat(item(Keys.client("default", "anon-cli"))).isNullOrEmpty();
    }

    /** The sample event {@code sam local invoke PortalFunction} is shown with (infra/README.md). */
    @Test
    void portalPageEventWhenInvokedThenTheSignInForm() {
        APIGatewayV2HTTPResponse r = Functions.invoke(functions.portal(), Events.load("portal-page").build());

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).contains("name=\"next\" value=\"portal\"");
        assertThat(r.getHeaders()).containsEntry("Cache-Control", "no-store");
    }

    @Test
    void createWhenCsrfTokenForgedThenNothingWritten() {
        EventBrowser admin = admin();
        String clientId = id("forged-cli");
        String form = createForm(admin, clientId, "public", "").replaceFirst("csrf=[^&]*", "csrf=forged");

        admin.post("/portal/applications", form);

        assertThat(admin.last.getStatusCode()).isEqualTo(403);
        assertThat(item(Keys.client("default", clientId))).isNullOrEmpty();
    }

    @Test
    void changeWhenSignInIsOldThenPasswordFirstAndWrongPasswordChangesNothing() {
        EventBrowser admin = admin();
        functions.clock.advance(Duration.ofMinutes(6));
        String clientId = id("late-cli");

        APIGatewayV2HTTPResponse page = page(admin, "/portal/applications", "");
        assertThat(page.getBody()).contains("Confirm it is you").contains("name=\"next\" value=\"applications\"");
        APIGatewayV2HTTPResponse late = admin.post("/portal/applications", createForm(admin, clientId, "public", ""));
        assertThat(late.getStatusCode()).isEqualTo(401);
        assertThat(item(Keys.client("default", clientId))).isNullOrEmpty();

        APIGatewayV2HTTPResponse wrong = admin.post("/portal/confirm", "csrf=" + enc(admin.csrf())
                + "&next=applications&password=wrong-password");
        assertThat(wrong.getStatusCode()).isEqualTo(401);
        admin.post("/portal/confirm", "csrf=" + enc(admin.csrf()) + "&next=applications&password=" + enc(Seed.ADMIN_PASSWORD));
        assertThat(admin.posted.getStatusCode()).isEqualTo(303);
        assertThat(admin.last.getBody()).doesNotContain("Confirm it is you");
        admin.post("/portal/applications", createForm(admin, clientId, "public", ""));

        assertThat(admin.last.getBody()).contains("The application was created.");
        assertThat(item(Keys.client("default", clientId))).isNotEmpty();
    }

    @Test
    void inviteWhenLinkUsedThenPasswordSetOnceAndTheAccountSignsIn() {
        EventBrowser admin = admin();
        String email = id("carol") + "@example.com";

        APIGatewayV2HTTPResponse invited = admin.post("/portal/users", "csrf=" + enc(admin.csrf())
                + "&action=invite&email=" + enc(email) + "&name=Carol");

        assertThat(invited.getStatusCode()).isEqualTo(201);
        Matcher link = Pattern.compile("(/portal/welcome\\?email=[^&]+&amp;token=([A-Za-z0-9_-]+))").matcher(invited.getBody());
        assertThat(link.find()).as(invited.getBody()).isTrue();
        Map<String, AttributeValue> account = item(Keys.user("default", email));
        assertThat(account).doesNotContainKey("password_hash").containsEntry("invite_sha256",
                Attrs.s(DeviceCode.hash(link.group(2))));
        assertThat(page(admin, "/portal/users", "").getBody()).contains(email).contains("Invited");

        EventBrowser carol = new EventBrowser(functions.verification).withPortal(functions.portal());
        String query = "email=" + enc(email) + "&token=" + link.group(2);
        assertThat(page(carol, "/portal/welcome", query).getBody()).contains("Choose your password");
        String base = "csrf=" + enc(carol.csrf()) + "&" + query;
        assertThat(carol.post("/portal/welcome", base + "&password=carol-password&again=other-password").getStatusCode())
                .isEqualTo(400);
        assertThat(carol.post("/portal/welcome", base + "&password=carol-password&again=carol-password").getBody())
                .contains("Your password is set");
        assertThat(item(Keys.user("default", email))).containsKey("password_hash").doesNotContainKey("invite_sha256");
        assertThat(carol.post("/portal/welcome", base + "&password=other-password&again=other-password").getStatusCode())
                .isEqualTo(410);
        assertThat(page(carol, "/portal/welcome", query).getStatusCode()).isEqualTo(410);

        EventBrowser signedIn = signedIn(email, "carol-password");
        assertThat(signedIn.last.getStatusCode()).as("an ordinary account, signed in").isEqualTo(403);
    }

    @Test
    void usersWhenDisabledThenSignedOutEverywhereAndAdminsCannotChangeThemselves() {
        String email = id("dave") + "@example.com";
        functions.seed.account(email, id("dave-user"), "Dave", "dave-password", false);
        EventBrowser dave = signedIn(email, "dave-password");
        assertThat(item(Keys.user("default", email))).containsKey("sessions");
        EventBrowser admin = admin();

        admin.post("/portal/users", "csrf=" + enc(admin.csrf()) + "&action=disable&email=" + enc(email));

        assertThat(admin.last.getBody()).contains("The account was disabled");
        assertThat(item(Keys.user("default", email))).containsEntry("disabled", Attrs.bool(true)).doesNotContainKey("sessions");
        assertThat(page(dave, "/portal/applications", "").getBody()).contains("name=\"next\" value=\"portal\"");

        admin.post("/portal/users", "csrf=" + enc(admin.csrf()) + "&action=admin&email=" + enc(email));
        assertThat(item(Keys.user("default", email))).containsEntry("role", Attrs.s("admin"));
        APIGatewayV2HTTPResponse self = admin.post("/portal/users", "csrf=" + enc(admin.csrf()) + "&action=disable&email="
                + enc(Seed.ADMIN_EMAIL));
        assertThat(self.getStatusCode()).isEqualTo(409);
        assertThat(item(Keys.user("default", Seed.ADMIN_EMAIL))).containsEntry("disabled", Attrs.bool(false));
    }

    @Test
    void settingsWhenSavedThenTheOrgsPagesAndDefaultsChangeAndBadValuesAreRefused() {
        String org = orgWithAdmin("portal-org", "Portal Org");
        EventBrowser admin = signedIn(org, "root@" + org + ".example", "root-password");
        page(admin, "/orgs/" + org + "/portal/settings", "");

        APIGatewayV2HTTPResponse bad = admin.post("/orgs/" + org + "/portal/settings", "csrf=" + enc(admin.csrf())
                + "&name=Renamed&accent=red");
        assertThat(bad.getStatusCode()).isEqualTo(400);
        admin.post("/orgs/" + org + "/portal/settings", "csrf=" + enc(admin.csrf()) + "&name=Renamed+Org&code_ttl=300"
                + "&interval=&user_code_format=&reauth_minutes=10&logo_url=&accent=%23aa3300");

        assertThat(admin.last.getBody()).contains("Saved.").contains("Renamed Org");
        assertThat(item(Keys.org(org))).containsEntry("name", Attrs.s("Renamed Org")).containsEntry("code_ttl_s", Attrs.n(300))
                .containsEntry("reauth_s", Attrs.n(600)).containsEntry("accent", Attrs.s("#aa3300"));
        assertThat(admin.last.getHeaders().get("Content-Security-Policy")).contains("'sha256-");
        EventBrowser defaultAdmin = admin();
        assertThat(page(defaultAdmin, "/portal/settings", "").getBody()).contains("settings are the service's own");
        APIGatewayV2HTTPResponse defaultOrg = defaultAdmin.post("/portal/settings", "csrf=" + enc(defaultAdmin.csrf())
                + "&name=Nope");
        assertThat(defaultOrg.getStatusCode()).isEqualTo(409);
        assertThat(item(Keys.org("default"))).isNullOrEmpty();
    }

    @Test
    void auditWhenFilteredThenOnlyMatchingEventsNewestFirst() {
        EventBrowser admin = admin();
        String clientId = id("audited-cli");
        admin.post("/portal/applications", createForm(admin, clientId, "public", ""));
        admin.post("/portal/applications/" + clientId, "csrf=" + enc(admin.csrf()) + "&action=disable");

        APIGatewayV2HTTPResponse filtered = page(admin, "/portal/audit", "event=portal_change&client=" + clientId);

        String text = EventBrowser.text(filtered.getBody());
        assertThat(text).contains("application disabled").contains("application created");
        assertThat(text.indexOf("application disabled")).isLessThan(text.indexOf("application created"));
        assertThat(text).doesNotContain("signed_in " + Seed.ADMIN_EMAIL);
        APIGatewayV2HTTPResponse byEmail = page(admin, "/portal/audit", "event=signed_in&email=" + enc(Seed.ADMIN_EMAIL));
        assertThat(EventBrowser.text(byEmail.getBody())).contains("signed_in").doesNotContain("application created");
        APIGatewayV2HTTPResponse junk = page(admin, "/portal/audit", "event=%3Cb%3E&email=%3Cscript%3E&after=x");
        assertThat(junk.getStatusCode()).isEqualTo(200);
        assertThat(junk.getBody()).doesNotContain("<script>").doesNotContain("<b>");
    }

    @Test
    void settingsWhenPasswordsTurnedOffThenOnlyWithACompanySignInAndPasswordSignInIsRefused() {
        String org = orgWithAdmin("pw-org", "Password Org");
        String root = "root@" + org + ".example";
        EventBrowser admin = signedIn(org, root, "root-password");
        String settings = "&name=Password+Org&code_ttl=&interval=&user_code_format=&reauth_minutes=&logo_url=&accent=";

        APIGatewayV2HTTPResponse refused = admin.post("/orgs/" + org + "/portal/settings", "csrf=" + enc(admin.csrf())
                + settings + "&passwords=off");

        assertThat(refused.getStatusCode()).as("no company sign-in: nobody could sign in").isEqualTo(409);
        assertThat(item(Keys.org(org))).doesNotContainKey("passwords_off");

        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(Keys.PK, Attrs.s(Keys.upstream(org)),
                Keys.ORG, Attrs.s(org), "name", Attrs.s("Example SSO"), "issuer", Attrs.s("https://sso.example"),
                "authorization_endpoint", Attrs.s("https://sso.example/authorize"), "client_id", Attrs.s("cliauth"),
                "domains", Attrs.list(List.of("pw.example")))));
        functions.clock.advance(Duration.ofSeconds(31));       // past the functions' caches of the org and its sign-in
        admin.post("/orgs/" + org + "/device/signin", "csrf=" + enc(admin.csrf()) + "&next=portal&username="
                + enc(root) + "&password=root-password");
        assertThat(page(admin, "/orgs/" + org + "/portal/settings", "").getBody()).contains("Example SSO")
                .contains("name=\"passwords\" value=\"off\"");
        admin.post("/orgs/" + org + "/portal/settings", "csrf=" + enc(admin.csrf()) + settings + "&passwords=off");

        assertThat(admin.last.getBody()).contains("Saved.");
        assertThat(item(Keys.org(org))).containsEntry("passwords_off", Attrs.bool(true));
        functions.clock.advance(Duration.ofSeconds(31));
        EventBrowser user = new EventBrowser(functions.verification).at("/orgs/" + org + "/device");
        APIGatewayV2HTTPResponse form = user.send(Events.load("device-page").path("/orgs/" + org + "/devices"));
        assertThat(form.getBody()).contains("signs in with its company sign-in only").doesNotContain("name=\"password\"");
        int sessions = item(Keys.user(org, root)).get("sessions").m().size();
        user.get("");      // the code-entry page's form: a valid CSRF token for a hand-made password post
        user.post("/orgs/" + org + "/device/signin", "csrf=" + enc(user.csrf()) + "&next=devices&username="
                + enc(root) + "&password=root-password");
        assertThat(user.last.getStatusCode()).isEqualTo(403);
        assertThat(user.last.getBody()).contains("This organisation signs in with its company sign-in");
        assertThat(item(Keys.user(org, root)).get("sessions").m()).as("no session started").hasSize(sessions);
    }
}
