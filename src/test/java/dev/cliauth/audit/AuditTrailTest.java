package dev.cliauth.audit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.logging.JsonLogger;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail (SPEC §13) through the real handlers: each lifecycle event of a login is a
 * structured log line and an item that outlives the grant, saying who, what client, which scopes,
 * from where and when, and holding no secret.
 */
class AuditTrailTest {

    private static final long NINETY_DAYS_S = 90L * 86_400;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private Functions functions;
    private Logins logins;

    @BeforeEach
    void start() {
        JsonLogger.sink(new PrintStream(captured, true, StandardCharsets.UTF_8));
        functions = Functions.start(Map.of("cliauth.limits.unknown-polls-per-minute", "1"));
        logins = new Logins(functions);
    }

    @AfterEach
    void stop() {
        JsonLogger.sink(System.out);
        functions.close();
    }

    @Test
    void everyLifecycleEventIsALogLineAndAnItemWithWhoWhatWhereAndWhen() throws Exception {
        List<String> secrets = new ArrayList<>(List.of("demo-password", "wrong-password"));
        var started = logins.start("demo-cli", "openid email offline_access");
        secrets.addAll(List.of(started.deviceCode(), started.userCode(), started.userCode().replace("-", "")));
        EventBrowser browser = new EventBrowser(functions.verification).from("203.0.113.40").userAgent("Firefox/140");
        browser.get("user_code=" + started.userCode());
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode()));
        assertThat(browser.post("/device/signin", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode())
                + "&username=demo%40example.com&password=wrong-password").getStatusCode()).isEqualTo(401);
        browser.post("/device/signin", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode())
                + "&username=demo%40example.com&password=demo-password");
        assertThat(browser.decide("approve").getBody()).contains("Return to your terminal");
        functions.clock.advance(Duration.ofSeconds(5));
        Map<String, Object> tokens = Functions.json(logins.poll(started.deviceCode()));
        String refreshToken = (String) tokens.get("refresh_token");
        secrets.addAll(List.of((String) tokens.get("access_token"), (String) tokens.get("id_token"), refreshToken));
        APIGatewayV2HTTPResponse refreshed = Functions.invoke(functions.token, Events.load("token-poll")
                .form("grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=demo-cli").build());
        String next = (String) Functions.json(refreshed).get("refresh_token");
        secrets.add(next);
        Functions.invoke(functions.token, Events.load("token-poll")
                .form("grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=demo-cli").build());
        functions.clock.advance(Duration.ofSeconds(5));
        logins.poll(started.deviceCode());                                             // replay
        Functions.invoke(functions.token, Events.load("token-poll").path("/oauth2/revoke")
                .form("token=" + enc((String) tokens.get("access_token")) + "&client_id=demo-cli").build());
        var other = logins.start();
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(other.userCode()));
        browser.decide("deny");
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=ZZZZ-ZZZZ");
        browser.post("/device/signout", "csrf=" + enc(browser.csrf()));
        logins.poll("unknown-device-code-1111111111111111111111111");
        logins.poll("unknown-device-code-2222222222222222222222222");                   // over 1 a minute

        List<Map<String, AttributeValue>> items = auditItems("default");
        Map<String, List<Map<String, AttributeValue>>> byEvent = new java.util.TreeMap<>();
        items.forEach(i -> byEvent.computeIfAbsent(Attrs.str(i, "event"), k -> new ArrayList<>()).add(i));
        assertThat(byEvent.keySet()).containsExactlyInAnyOrder("device_authorized", "sign_in_failed", "signed_in",
                "code_entered", "approved", "redeemed", "refreshed", "reuse_detected", "replay", "revoked", "denied",
                "signed_out", "limit_hit");

        Map<String, AttributeValue> authorized = byEvent.get("device_authorized").get(0);
        assertThat(Attrs.str(authorized, "client_id")).isEqualTo("demo-cli");
        assertThat(Attrs.strings(authorized, "scopes")).containsExactly("openid", "email", "offline_access");
        Map<String, AttributeValue> approved = byEvent.get("approved").get(0);
        assertThat(Attrs.str(approved, "email")).isEqualTo("demo@example.com");
        assertThat(Attrs.str(approved, "subject")).isEqualTo("demo-user-1");
        assertThat(Attrs.str(approved, "client_name")).isEqualTo("Demo CLI");
        assertThat(Attrs.str(approved, "source_ip")).isEqualTo("203.0.113.40");
        assertThat(Attrs.str(approved, "user_agent")).isEqualTo("Firefox/140");
        assertThat(Attrs.str(approved, "login")).as("one login's events are tied together")
                .isEqualTo(Attrs.str(authorized, "login"))
                .isEqualTo(Attrs.str(byEvent.get("redeemed").get(0), "login")).hasSize(16);
        assertThat(Attrs.str(byEvent.get("sign_in_failed").get(0), "email")).isEqualTo("demo@example.com");
        assertThat(byEvent.get("code_entered")).extracting(i -> Attrs.str(i, "detail")).contains("found", "unknown");
        assertThat(Attrs.str(byEvent.get("limit_hit").get(0), "detail")).isEqualTo("unknown device codes per source");
        for (Map<String, AttributeValue> item : items) {
            long at = Attrs.num(item, "at", 0);
            assertThat(at).isPositive();
            assertThat(Attrs.num(item, Keys.TTL, 0)).as("kept 90 days, far past the grant's day")
                    .isEqualTo((at + NINETY_DAYS_S * 1000) / 1000);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = log.lines().filter(l -> l.contains("\"logger\":\"cliauth.audit\"")).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"event\":\"approved\"").contains("\"email\":\"demo@example.com\"")
                .contains("\"client_name\":\"Demo CLI\""));
        assertThat(lines).hasSizeGreaterThanOrEqualTo(items.size());
        String stored = items.toString();
        for (String secret : secrets) {
            assertThat(stored).as("no secret in an item").doesNotContain(secret);
            assertThat(log).as("no secret in a log line").doesNotContain(secret);
        }
        assertThat(stored).doesNotContain(dev.cliauth.code.DeviceCode.hash(started.deviceCode()));
    }

    @Test
    void whatARequesterTypedCannotRewriteHowTheEventIsShown() {
        var started = logins.start();
        // (header values with controls are refused earlier; a bidi override is not a control)
        EventBrowser browser = new EventBrowser(functions.verification).userAgent("Evil\u202EBrowser/1");
        browser.get("user_code=" + started.userCode());
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode()));
        browser.post("/device/signin", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode())
                + "&username=" + enc("evil\u202E@example.com\r\nforged: line") + "&password=x");
        Map<String, AttributeValue> failed = auditItems("default").stream()
                .filter(i -> "sign_in_failed".equals(Attrs.str(i, "event"))).findFirst().orElseThrow();
        assertThat(failed).as("what was typed names no account: not recorded").doesNotContainKey("email");
        assertThat(Attrs.str(failed, "detail")).isEqualTo("no such account");
        assertThat(Attrs.str(failed, "user_agent")).isEqualTo("Evil\uFFFDBrowser/1");
        assertThat(captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("sign_in_failed")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain("\u202E").doesNotContain("forged")
                        .contains("Evil\uFFFDBrowser/1"));
    }

    /**
     * People type their password into the Email field, or swap the two: what was typed there is
     * recorded only when it names an account, so no log line, item, portal page or webhook holds
     * a password.
     */
    @Test
    void aPasswordTypedIntoTheEmailFieldIsNeitherLoggedNorStored() {
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification).from("203.0.113.9");
        browser.get("user_code=" + started.userCode());
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode()));
        APIGatewayV2HTTPResponse swapped = browser.post("/device/signin", "csrf=" + enc(browser.csrf()) + "&user_code="
                + enc(started.userCode()) + "&username=demo-password&password=" + enc("demo@example.com"));
        assertThat(swapped.getStatusCode()).isEqualTo(401);
        for (int i = 0; i < 6; i++) {    // past the per-account limit of what was typed: a limit_hit event too
            browser.post("/device/signin", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode())
                    + "&username=demo-password&password=x");
        }
        List<Map<String, AttributeValue>> items = auditItems("default");
        assertThat(items).extracting(i -> Attrs.str(i, "event")).contains("sign_in_failed", "limit_hit");
        assertThat(items.toString()).as("audit items").doesNotContain("demo-password");
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("log lines").doesNotContain("demo-password");
    }

    /** The password asked for again before an approval: a wrong one and the limit it reaches are events, as in the portal. */
    @Test
    void aWrongPasswordBeforeAnApprovalIsAnEventAndSoIsItsLimit() {
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification).from("203.0.113.10");
        assertThat(browser.signInWithCode(started.userCode(), "demo@example.com", "demo-password").getStatusCode()).isEqualTo(200);
        functions.clock.advance(Duration.ofMinutes(6));
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode()));
        String approve = "csrf=" + enc(browser.csrf()) + "&grant=" + enc(browser.field("grant")) + "&app="
                + enc(browser.field("app")) + "&sig=" + enc(browser.field("sig")) + "&decision=approve";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(browser.post("/device/decision", approve + "&password=guess-" + i).getStatusCode());
        }
        assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
        List<Map<String, AttributeValue>> attempts = auditItems("default").stream()
                .filter(i -> "approval password".equals(Attrs.str(i, "detail"))).toList();
        assertThat(attempts).extracting(i -> Attrs.str(i, "event"))
                .containsExactlyInAnyOrder("sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed",
                        "sign_in_failed", "limit_hit");
        assertThat(attempts).allSatisfy(i -> assertThat(Attrs.str(i, "email")).isEqualTo("demo@example.com"));
    }

    @Test
    void anOrgsOwnRetentionApplies() {
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, Attrs.s(Keys.org("brief")), Keys.ORG, Attrs.s("brief"), "name", Attrs.s("Brief"),
                "audit_retention_s", Attrs.n(86_400))));
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, Attrs.s(Keys.client("brief", "brief-cli")), Keys.ORG, Attrs.s("brief"),
                "client_id", Attrs.s("brief-cli"), "name", Attrs.s("Brief CLI"), "scopes", Attrs.list(List.of("openid")))));
        assertThat(Functions.invoke(functions.deviceAuthorization, Events.load("org-device-authorization")
                .path("/orgs/brief/api/v1/oauth/device_authorization").form("client_id=brief-cli&scope=openid").build())
                .getStatusCode()).isEqualTo(200);
        Map<String, AttributeValue> item = auditItems("brief").get(0);
        assertThat(Attrs.num(item, Keys.TTL, 0)).isEqualTo((Attrs.num(item, "at", 0) + 86_400_000L) / 1000);
        assertThat(auditItems("default")).as("nothing crosses orgs").isEmpty();
    }

    private List<Map<String, AttributeValue>> auditItems(String org) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        functions.dynamo.scanPaginator(s -> s.tableName(functions.table)).items().forEach(i -> {
            if (Attrs.str(i, Keys.PK).startsWith("AUDIT#" + org + "#")) {
                out.add(i);
            }
        });
        return out;
    }
}
