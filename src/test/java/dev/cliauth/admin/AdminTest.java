package dev.cliauth.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.TestDynamo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cliauth-admin} as an operator runs it: over HTTP against the tests' DynamoDB engine, with
 * the handlers on the same table, so what it writes is shown to work by a whole login.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminTest {

    private String table;
    private Functions functions;

    @BeforeAll
    void start() {
        table = TestDynamo.newTable();
        functions = Functions.onEndpoint(TestDynamo.endpoint(), TestDynamo.client(), table);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    record Run(int status, String out, String err) {
        Map<String, Object> json() {
            try {
                return JSONObjectUtils.parse(out);
            } catch (java.text.ParseException e) {
                throw new AssertionError("not JSON: " + out + err, e);
            }
        }
    }

    private Run admin(String stdin, String... args) {
        return admin(stdin, null, args);
    }

    private Run admin(String stdin, AdminMain.Prompt prompt, String... args) {
        List<String> argv = new ArrayList<>(List.of("--endpoint", TestDynamo.endpoint(), "--table", table));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminMain.run(argv, Map.of(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), prompt);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, AttributeValue> item(String pk) {
        return TestDynamo.client().getItem(g -> g.tableName(table).key(Attrs.key(pk)).consistentRead(true)).item();
    }

    @Test
    void orgConfidentialClientAndUserWhenCreatedThenTheyCompleteALogin() throws Exception {
        Run org = admin("", "org", "create", "globex", "--name", "Globex Corporation", "--output", "json");
        assertThat(org.status()).as(org.err()).isZero();
        assertThat(org.json()).containsEntry("org", "globex").containsEntry("name", "Globex Corporation")
                .containsEntry("paths", "/orgs/globex/");

        Run client = admin("", "client", "create", "globex", "globex-cli", "--name", "Globex CLI", "--confidential",
                "--scopes", "openid email", "--code-ttl", "15m", "--refresh-tokens", "always", "--output", "json");
        assertThat(client.status()).as(client.err()).isZero();
        String secret = (String) client.json().get("client_secret");
        assertThat(client.json()).containsEntry("type", "confidential").containsEntry("code_ttl_s", 900L)
                .doesNotContainKey("secret_sha256");
        assertThat(secret).hasSize(43);
        Map<String, AttributeValue> stored = item(Keys.client("globex", "globex-cli"));
        assertThat(stored.get("secret_sha256").s()).isEqualTo(DeviceCode.hash(secret));
        assertThat(stored.toString()).as("only the secret's hash is stored").doesNotContain(secret);

        Run user = admin("hank-password-1\n", "user", "create", "globex", "Hank@Globex.example", "--name", "Hank Scorpio",
                "--password-stdin");
        assertThat(user.status()).as(user.err()).isZero();
        assertThat(user.out()).contains("email: hank@globex.example").doesNotContain("password").doesNotContain("$2");
        assertThat(item(Keys.user("globex", "hank@globex.example")).get("password_hash").s()).startsWith("$2");

        String basic = "Basic " + Base64.getEncoder().encodeToString(("globex-cli:" + secret).getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse authorized = Functions.invoke(functions.deviceAuthorization, Events.load("org-device-authorization")
                .path("/orgs/globex/api/v1/oauth/device_authorization").header("authorization", basic)
                .form("scope=" + enc("openid email")).build());
        assertThat(authorized.getStatusCode()).as(authorized.getBody()).isEqualTo(200);
        Map<String, Object> started = Functions.json(authorized);
        assertThat(started).containsEntry("expires_in", 900L)
                .containsEntry("verification_uri", Functions.ISSUER + "/orgs/globex/device");

        EventBrowser browser = new EventBrowser(functions.verification).at("/orgs/globex/device");
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode((String) started.get("user_code"), "hank@globex.example",
                "hank-password-1");
        assertThat(confirm.getBody()).as(confirm.getBody()).contains("Globex CLI");
        assertThat(browser.decide("approve").getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse tokens = Functions.invoke(functions.token, Events.load("token-poll")
                .path("/orgs/globex/api/v1/oauth/token")
                .form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code") + "&device_code="
                        + enc((String) started.get("device_code")) + "&client_id=globex-cli&client_secret=" + enc(secret)).build());
        assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);
        SignedJWT idToken = SignedJWT.parse((String) Functions.json(tokens).get("id_token"));
        assertThat(Functions.json(tokens)).as("--refresh-tokens always").containsKey("refresh_token");
        assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo(Functions.ISSUER + "/orgs/globex");
        assertThat(idToken.getJWTClaimsSet().getStringClaim("email")).isEqualTo("hank@globex.example");
        assertThat(idToken.getJWTClaimsSet().getBooleanClaim("email_verified")).as("created without --email-verified")
                .isFalse();
        assertThat(idToken.getJWTClaimsSet().getSubject()).matches("usr_[0-9a-f]{32}");
    }

    @Test
    void rotateSecretWhenDoneThenOnlyTheNewSecretAuthenticates() {
        assertThat(admin("", "org", "create", "rotors", "--name", "Rotors").status()).isZero();
        String old = (String) admin("", "client", "create", "rotors", "rotor-cli", "--name", "Rotor", "--confidential",
                "--output", "json").json().get("client_secret");
        Run rotated = admin("", "client", "rotate-secret", "rotors", "rotor-cli", "--output", "json");
        assertThat(rotated.status()).as(rotated.err()).isZero();
        String fresh = (String) rotated.json().get("client_secret");
        assertThat(fresh).isNotEqualTo(old).hasSize(43);

        assertThat(authorize("rotors", "rotor-cli", old).getStatusCode()).isEqualTo(401);
        assertThat(authorize("rotors", "rotor-cli", fresh).getStatusCode()).isEqualTo(200);

        assertThat(admin("", "client", "create", "rotors", "public-cli", "--name", "Public").status()).isZero();
        Run publicRotate = admin("", "client", "rotate-secret", "rotors", "public-cli");
        assertThat(publicRotate.status()).isEqualTo(1);
        assertThat(publicRotate.err()).contains("is public");
        assertThat(item(Keys.client("rotors", "public-cli"))).doesNotContainKey("secret_sha256");
    }

    @Test
    void disabledUserOrClientWhenUsedThenRefusedAndEnableRestores() {
        assertThat(admin("", "org", "create", "switches", "--name", "Switches").status()).isZero();
        assertThat(admin("", "client", "create", "switches", "switch-cli", "--name", "Switch").status()).isZero();
        assertThat(admin("a-long-password\n", "user", "create", "switches", "sam@switches.example", "--name", "Sam",
                "--password-stdin").status()).isZero();
        assertThat(admin("", "user", "disable", "switches", "sam@switches.example").out()).contains("disabled: true");
        String userCode = (String) Functions.json(authorize("switches", "switch-cli", null)).get("user_code");
        APIGatewayV2HTTPResponse refused = new EventBrowser(functions.verification).at("/orgs/switches/device")
                .signInWithCode(userCode, "sam@switches.example", "a-long-password");
        assertThat(refused.getBody()).contains("Email or password is incorrect.");
        assertThat(admin("", "user", "enable", "switches", "sam@switches.example").status()).isZero();
        assertThat(new EventBrowser(functions.verification).at("/orgs/switches/device")
                .signInWithCode(userCode, "sam@switches.example", "a-long-password").getBody()).contains("Switch");

        assertThat(admin("", "client", "disable", "switches", "switch-cli").status()).isZero();
        functions.clock.advance(java.time.Duration.ofSeconds(31)); // past a warm function's client cache
        assertThat(authorize("switches", "switch-cli", null).getStatusCode()).isEqualTo(400);
        assertThat(admin("new-password-2\n", "user", "set-password", "switches", "sam@switches.example", "--password-stdin")
                .status()).isZero();
        assertThat(admin("", "org", "disable", "switches").status()).isZero();
        assertThat(admin("", "org", "show", "switches", "--output", "json").json()).containsEntry("disabled", true);
    }

    @Test
    void deviceSettingsWhenSetOnOrgAndClientThenClientWinsOverOrgOverDeployment() {
        assertThat(admin("", "org", "create", "slowpoke", "--name", "Slowpoke", "--code-ttl", "20m", "--interval", "10s")
                .status()).isZero();
        assertThat(admin("", "client", "create", "slowpoke", "plain-cli", "--name", "Plain").status()).isZero();
        assertThat(admin("", "client", "create", "slowpoke", "own-cli", "--name", "Own", "--interval", "7s").status()).isZero();
        Map<String, Object> plain = Functions.json(authorize("slowpoke", "plain-cli", null));
        assertThat(plain).containsEntry("expires_in", 1200L).containsEntry("interval", 10L);
        Map<String, Object> own = Functions.json(authorize("slowpoke", "own-cli", null));
        assertThat(own).as("the client's interval, the org's lifetime").containsEntry("expires_in", 1200L)
                .containsEntry("interval", 7L);
        Map<String, Object> deployment = Functions.json(Functions.invoke(functions.deviceAuthorization,
                Events.load("device-authorization").build()));
        assertThat(deployment).as("the default org: the deployment's").containsEntry("expires_in", 600L)
                .containsEntry("interval", 5L);

        assertThat(admin("", "org", "update", "slowpoke", "--interval", "15s").status()).isZero();
        functions.clock.advance(java.time.Duration.ofSeconds(31)); // past a warm function's org cache
        assertThat(Functions.json(authorize("slowpoke", "plain-cli", null))).containsEntry("interval", 15L);
        assertThat(admin("", "org", "update", "slowpoke", "--interval", "0s").status()).isEqualTo(2);
    }

    /** Clients and users made before the portal (no list key) join its lists once; those in a list are left alone. */
    @Test
    void orgIndexWhenItemsPredateThePortalThenTheyJoinItsListsOnce() {
        assertThat(admin("", "org", "create", "legacy", "--name", "Legacy").status()).isZero();
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(Keys.PK, AttributeValue.fromS(Keys.client("legacy",
                "old-cli")), Keys.ORG, AttributeValue.fromS("legacy"), "client_id", AttributeValue.fromS("old-cli"),
                "name", AttributeValue.fromS("Old CLI"))));
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(Keys.PK, AttributeValue.fromS(Keys.user("legacy",
                "old@legacy.example")), Keys.ORG, AttributeValue.fromS("legacy"), "email", AttributeValue.fromS("old@legacy.example"),
                "subject", AttributeValue.fromS("old-1"))));
        assertThat(admin("", "client", "create", "legacy", "new-cli", "--name", "New").status()).isZero();

        Run first = admin("", "org", "index", "legacy", "--output", "json");
        Run second = admin("", "org", "index", "legacy", "--output", "json");

        assertThat(((Number) first.json().get("listed")).intValue()).as("new-cli, made by the tool, is listed already")
                .isEqualTo(2);
        assertThat(((Number) second.json().get("listed")).intValue()).isZero();
        assertThat(item(Keys.client("legacy", "old-cli"))).containsEntry(Keys.ORG_LIST, AttributeValue.fromS("legacy#client"))
                .containsEntry(Keys.ORG_SORT, AttributeValue.fromS("old-cli"));
        assertThat(item(Keys.user("legacy", "old@legacy.example"))).containsEntry(Keys.ORG_LIST, AttributeValue.fromS("legacy#user"))
                .containsEntry(Keys.ORG_SORT, AttributeValue.fromS("old@legacy.example"));
    }

    /** The way back in when an org's company sign-in fails and password sign-in was turned off in the portal. */
    @Test
    void orgUpdateWhenPasswordsOnOrOffThenTheFlagFollowsAndOtherValuesAreUsageErrors() {
        assertThat(admin("", "org", "create", "lockout", "--name", "Lockout").status()).isZero();

        assertThat(admin("", "org", "update", "lockout", "--passwords", "off").status()).isZero();
        assertThat(item(Keys.org("lockout"))).containsEntry("passwords_off", AttributeValue.fromBool(true));
        assertThat(admin("", "org", "update", "lockout", "--passwords", "on").status()).isZero();
        assertThat(item(Keys.org("lockout"))).containsEntry("passwords_off", AttributeValue.fromBool(false));
        Run bad = admin("", "org", "update", "lockout", "--passwords", "maybe");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--passwords: on or off");
    }

    @Test
    void userCodeFormatWhenSetOnOrgAndClientThenIssuedInItShownAsTheDeviceShowsItAndFound() {
        Run org = admin("", "org", "create", "keypad", "--name", "Keypad", "--user-code-format", "digits:10:5",
                "--output", "json");
        assertThat(org.status()).as(org.err()).isZero();
        assertThat(org.json()).containsEntry("user_code_format", "digits:10:5")
                .containsEntry("user_code_entropy_bits", 33.2);
        assertThat(admin("", "client", "create", "keypad", "keypad-cli", "--name", "Keypad CLI").status()).isZero();
        Run alnum = admin("", "client", "create", "keypad", "alnum-cli", "--name", "Alnum CLI",
                "--user-code-format", "alnum:9:3", "--output", "json");
        assertThat(alnum.json()).containsEntry("user_code_format", "alnum:9:3").containsEntry("user_code_entropy_bits", 43.3);
        assertThat(admin("kim-password-1\n", "user", "create", "keypad", "kim@keypad.example", "--name", "Kim",
                "--password-stdin").status()).isZero();

        String digits = (String) Functions.json(authorize("keypad", "keypad-cli", null)).get("user_code");
        assertThat(digits).as("the org's format").matches("[0-9]{5}-[0-9]{5}");
        String letters = (String) Functions.json(authorize("keypad", "alnum-cli", null)).get("user_code");
        assertThat(letters).as("the client's own wins").matches("[2-9B-DF-HJKMNP-TV-Z]{3}(-[2-9B-DF-HJKMNP-TV-Z]{3}){2}");
        assertThat((String) Functions.json(Functions.invoke(functions.deviceAuthorization,
                Events.load("device-authorization").build())).get("user_code"))
                .as("the default org: the deployment's").matches("[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}");

        EventBrowser browser = new EventBrowser(functions.verification).at("/orgs/keypad/device");
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode(digits.replace("-", " "), "kim@keypad.example",
                "kim-password-1");
        assertThat(confirm.getStatusCode()).as(confirm.getBody()).isEqualTo(200);
        assertThat(browser.shownCode()).as("shown as the device shows it").isEqualTo(digits);
        assertThat(confirm.getBody()).contains("Keypad CLI");
        assertThat(browser.decide("approve").getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse second = browser.post("/orgs/keypad/device", "csrf=" + enc(browser.csrf())
                + "&user_code=" + enc(letters.replace("-", "").toLowerCase(java.util.Locale.ROOT)));
        assertThat(second.getStatusCode()).as(second.getBody()).isEqualTo(200);
        assertThat(browser.shownCode()).isEqualTo(letters);
        assertThat(second.getBody()).contains("Alnum CLI");

        Run weak = admin("", "client", "update", "keypad", "alnum-cli", "--user-code-format", "digits:9:3");
        assertThat(weak.status()).isEqualTo(2);
        assertThat(weak.err()).contains("29.9 bits").contains("at least 33");
        assertThat(admin("", "org", "update", "keypad", "--user-code-format", "hex:8:4").err())
                .contains("unknown user-code alphabet");
        assertThat(item(Keys.client("keypad", "alnum-cli")).get("user_code_format").s()).as("nothing written")
                .isEqualTo("alnum:9:3");
    }

    @Test
    void setPasswordOrDisableWhenRunThenEveryBrowserOfTheUserIsSignedOut() {
        assertThat(admin("", "org", "create", "shared", "--name", "Shared", "--reauth-after", "2m", "--output", "json")
                .json()).containsEntry("reauth_s", 120L);
        assertThat(admin("", "client", "create", "shared", "shared-cli", "--name", "Shared CLI").status()).isZero();
        Run pat = admin("pat-password-1\n", "user", "create", "shared", "pat@shared.example", "--name", "Pat",
                "--email-verified", "--password-stdin", "--output", "json");
        assertThat(pat.status()).as(pat.err()).isZero();
        assertThat(pat.json()).containsEntry("email_verified", true);
        EventBrowser browser = new EventBrowser(functions.verification).at("/orgs/shared/device");
        String code = (String) Functions.json(authorize("shared", "shared-cli", null)).get("user_code");
        assertThat(browser.signInWithCode(code, "pat@shared.example", "pat-password-1").getBody()).contains("Shared CLI");
        assertThat(browser.get(null).getBody()).contains("Signed in as pat@shared.example");

        assertThat(admin("pat-password-2\n", "user", "set-password", "shared", "pat@shared.example", "--password-stdin")
                .status()).isZero();
        assertThat(browser.get(null).getBody()).as("a new password signs the browser out")
                .doesNotContain("Signed in as");

        browser.signInWithCode(code, "pat@shared.example", "pat-password-2");
        assertThat(browser.get(null).getBody()).contains("Signed in as pat@shared.example");
        assertThat(admin("", "user", "disable", "shared", "pat@shared.example").status()).isZero();
        assertThat(browser.get(null).getBody()).as("disabling signs it out").doesNotContain("Signed in as");
        assertThat(admin("", "org", "update", "shared", "--reauth-after", "10s").status()).as("under a minute").isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void auditListWhenFilteredThenTheOrgsEventsNewestFirstWithTheirRetention() {
        assertThat(admin("", "org", "create", "audited", "--name", "Audited", "--audit-retention", "30d").status()).isZero();
        assertThat(admin("", "client", "create", "audited", "aud-cli", "--name", "Aud CLI").status()).isZero();
        assertThat(admin("ivy-password-1\n", "user", "create", "audited", "ivy@audited.example", "--name", "Ivy",
                "--password-stdin").status()).isZero();
        String code = (String) Functions.json(authorize("audited", "aud-cli", null)).get("user_code");
        functions.clock.advance(java.time.Duration.ofMillis(5));
        EventBrowser browser = new EventBrowser(functions.verification).at("/orgs/audited/device");
        browser.signInWithCode(code, "ivy@audited.example", "ivy-password-1");
        functions.clock.advance(java.time.Duration.ofMillis(5));
        assertThat(browser.decide("approve").getStatusCode()).isEqualTo(200);

        Run all = admin("", "audit", "list", "audited", "--output", "json");
        assertThat(all.status()).as(all.err()).isZero();
        List<Map<String, Object>> events = (List<Map<String, Object>>) all.json().get("events");
        assertThat(events).extracting(e -> e.get("event"))
                .containsExactly("approved", "code_entered", "signed_in", "device_authorized");
        Map<String, Object> approved = events.get(0);
        assertThat(approved).containsEntry("email", "ivy@audited.example").containsEntry("client_name", "Aud CLI")
                .containsKey("login").doesNotContainKey("ttl");
        assertThat(java.time.Duration.between(java.time.Instant.parse((String) approved.get("at")),
                java.time.Instant.parse((String) approved.get("kept_until"))).toSeconds())
                .as("30 days (the TTL is in whole seconds)").isBetween(30L * 86_400 - 1, 30L * 86_400);

        assertThat((List<?>) admin("", "audit", "list", "audited", "--event", "device_authorized", "--client", "aud-cli",
                "--output", "json").json().get("events")).hasSize(1);
        assertThat((List<?>) admin("", "audit", "list", "audited", "--email", "ivy@audited.example", "--output", "json")
                .json().get("events")).hasSize(3);
        assertThat((List<?>) admin("", "audit", "list", "audited", "--limit", "1", "--output", "json").json().get("events"))
                .hasSize(1);
        assertThat((List<?>) admin("", "audit", "list", "audited", "--email", "nobody@audited.example", "--output", "json")
                .json().get("events")).isEmpty();
        Run bogus = admin("", "audit", "list", "audited", "--event", "bogus");
        assertThat(bogus.status()).isEqualTo(2);
        assertThat(bogus.err()).contains("--event: one of device_authorized");
    }

    @Test
    void listWhenAskedThenEveryOrgClientAndUserWithoutSecrets() {
        assertThat(admin("", "org", "create", "listed", "--name", "Listed").status()).isZero();
        assertThat(admin("", "client", "create", "listed", "b-cli", "--name", "B", "--confidential").status()).isZero();
        assertThat(admin("", "client", "create", "listed", "a-cli", "--name", "A", "--third-party").status()).isZero();
        assertThat(admin("pw-listed-1\n", "user", "create", "listed", "u@listed.example", "--name", "U", "--password-stdin")
                .status()).isZero();

        Run clients = admin("", "client", "list", "listed", "--output", "json");
        assertThat(clients.out()).doesNotContain("secret_sha256").doesNotContain("client_secret");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) clients.json().get("clients");
        assertThat(list).extracting(c -> c.get("client_id")).containsExactly("a-cli", "b-cli");
        assertThat(list).extracting(c -> c.get("type")).containsExactly("public", "confidential");
        assertThat(list).extracting(c -> c.get("third_party")).containsExactly(true, false);
        assertThat(admin("", "client", "update", "listed", "a-cli", "--party", "first", "--output", "json").json())
                .containsEntry("third_party", false);
        assertThat(admin("", "user", "list", "listed").out()).contains("email=u@listed.example").doesNotContain("$2");
        assertThat(admin("", "org", "list").out()).contains("org=default").contains("org=listed");
    }

    @Test
    void badInputWhenGivenThenClearErrorExitStatusAndNothingWritten() {
        Run badId = admin("", "org", "create", "Globex", "--name", "X");
        assertThat(badId.status()).isEqualTo(2);
        assertThat(badId.err()).contains("lowercase letters, digits and '-'");
        assertThat(item(Keys.org("Globex"))).isEmpty();

        assertThat(admin("", "org", "create", "twice", "--name", "First").status()).isZero();
        Run again = admin("", "org", "create", "twice", "--name", "Second");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("org twice already exists").contains("nothing was changed");
        assertThat(item(Keys.org("twice")).get("name").s()).isEqualTo("First");

        Run noOrg = admin("", "client", "create", "nope", "nope-cli", "--name", "Nope");
        assertThat(noOrg.status()).isEqualTo(1);
        assertThat(noOrg.err()).contains("org nope does not exist");
        assertThat(item(Keys.client("nope", "nope-cli"))).isEmpty();

        Run passwordArgument = admin("", "user", "create", "twice", "x@twice.example", "--name", "X", "--password", "hunter2-hunter2");
        assertThat(passwordArgument.status()).isEqualTo(2);
        assertThat(passwordArgument.err()).contains("never an argument");
        assertThat(item(Keys.user("twice", "x@twice.example"))).isEmpty();

        Run noTerminal = admin("", "user", "create", "twice", "x@twice.example", "--name", "X");
        assertThat(noTerminal.status()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("--password-stdin");
        assertThat(item(Keys.user("twice", "x@twice.example"))).isEmpty();

        Run mismatch = admin("", prompt -> prompt.startsWith("Password again") ? "other-password".toCharArray()
                : "some-password".toCharArray(), "user", "create", "twice", "x@twice.example", "--name", "X");
        assertThat(mismatch.status()).isEqualTo(2);
        assertThat(mismatch.err()).contains("differ");
        Run prompted = admin("", prompt -> "some-password".toCharArray(), "user", "create", "twice", "x@twice.example",
                "--name", "X");
        assertThat(prompted.status()).as(prompted.err()).isZero();

        Run shortPassword = admin("short\n", "user", "create", "twice", "y@twice.example", "--name", "Y", "--password-stdin");
        assertThat(shortPassword.status()).isEqualTo(2);
        assertThat(shortPassword.err()).contains("at least 8 characters");

        Run hiddenText = admin("", "client", "create", "twice", "evil-cli", "--name", "Good\u202eLIC liveE");
        assertThat(hiddenText.status()).isEqualTo(2);
        assertThat(hiddenText.err()).contains("no control or invisible formatting characters (U+202E)");
        assertThat(item(Keys.client("twice", "evil-cli"))).isEmpty();

        assertThat(admin("", "client", "create", "twice", "t-cli", "--name", "T", "--code-ttl", "ten minutes").err())
                .contains("--code-ttl");
        assertThat(admin("", "client", "create", "twice", "t-cli", "--name", "T", "--interval", "0s").status()).isEqualTo(2);
        assertThat(admin("", "client", "create", "twice", "t-cli", "--name", "T", "--scopes", "openid \"x").status()).isEqualTo(2);
        assertThat(admin("", "client", "create", "twice", "t cli", "--name", "T").status()).isEqualTo(2);
        assertThat(admin("", "client", "create", "twice", "t-cli", "--name", "T", "--refresh-tokens", "sometimes").err())
                .contains("always, offline_access or never");
        assertThat(admin("", "org", "create", "default", "--name", "D").err()).contains("default always exists");
        assertThat(admin("", "org", "frobnicate", "x").status()).isEqualTo(2);
        assertThat(admin("", "org", "list", "--color", "red").err()).contains("unknown option --color");
        assertThat(admin("", "org", "list", "--name", "x").err()).contains("does not apply");
        assertThat(admin("", "org", "create", "dup", "--name", "A", "--name", "B").err()).contains("given twice");
        assertThat(item(Keys.client("twice", "t-cli"))).isEmpty();

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int noTable = AdminMain.run(List.of("org", "list"), Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), null);
        assertThat(noTable).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no table");
    }

    private APIGatewayV2HTTPResponse authorize(String org, String clientId, String secret) {
        Events event = Events.load("org-device-authorization").path("/orgs/" + org + "/api/v1/oauth/device_authorization")
                .form("client_id=" + enc(clientId) + (secret == null ? "" : "&client_secret=" + enc(secret)) + "&scope=openid");
        return Functions.invoke(functions.deviceAuthorization, event.build());
    }

    @Test
    void setRoleWhenAdminThenTheAccountIsAnAdminUntilMadeAUserAgain() {
        assertThat(admin("", "org", "create", "roles", "--name", "Roles").status()).isZero();
        assertThat(admin("ivy-password-1\n", "user", "create", "roles", "ivy@roles.example", "--name", "Ivy",
                "--password-stdin").status()).isZero();
        Run made = admin("", "user", "set-role", "roles", "ivy@roles.example", "admin", "--output", "json");
        assertThat(made.status()).as(made.err()).isZero();
        assertThat(made.json()).containsEntry("role", "admin");
        assertThat(item(Keys.user("roles", "ivy@roles.example"))).containsEntry("role", Attrs.s("admin"));
        Run back = admin("", "user", "set-role", "roles", "ivy@roles.example", "user", "--output", "json");
        assertThat(back.json()).doesNotContainKey("role");
        assertThat(item(Keys.user("roles", "ivy@roles.example"))).doesNotContainKey("role");
        Run bad = admin("", "user", "set-role", "roles", "ivy@roles.example", "owner");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("role must be admin or user");
        assertThat(admin("", "user", "set-role", "roles", "nobody@roles.example", "admin").status()).isEqualTo(1);
    }

    @Test
    void webhookWhenSetThenTheSecretIsPrintedOnceAndKeptUntilANewOneIsAsked() {
        Run set = admin("", "webhook", "set", "default", "--url", "https://hooks.example.com/cliauth", "--events",
                "approved denied", "--output", "json");
        assertThat(set.status()).as(set.err()).isZero();
        String secret = (String) set.json().get("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(set.json()).containsEntry("url", "https://hooks.example.com/cliauth")
                .containsEntry("events", List.of("approved", "denied"));
        assertThat(item(Keys.webhook("default"))).containsEntry("secret", Attrs.s(secret));

        Run shown = admin("", "webhook", "show", "default");
        assertThat(shown.out()).contains("secret: set (not shown)").doesNotContain(secret);
        Run again = admin("", "webhook", "set", "default", "--url", "https://hooks.example.com/v2", "--output", "json");
        assertThat(again.json()).containsEntry("secret", "set (not shown)");
        assertThat(item(Keys.webhook("default"))).containsEntry("secret", Attrs.s(secret));
        Run renewed = admin("", "webhook", "set", "default", "--url", "https://hooks.example.com/v2", "--new-secret",
                "--output", "json");
        assertThat((String) renewed.json().get("secret")).startsWith("whsec_").isNotEqualTo(secret);

        Run plain = admin("", "webhook", "set", "default", "--url", "http://hooks.example.com/");
        assertThat(plain.status()).isEqualTo(2);
        assertThat(plain.err()).contains("--url must be an https URL");
        Run unknown = admin("", "webhook", "set", "default", "--url", "https://hooks.example.com/", "--events", "everything");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown event everything");
        assertThat(admin("", "webhook", "remove", "default").status()).isZero();
        assertThat(item(Keys.webhook("default"))).isEmpty();
        assertThat(admin("", "webhook", "show", "default").status()).isEqualTo(1);
    }

    @Test
    void orgBrandingWhenSetThenOnItsPagesAndBadValuesAreRefused() {
        assertThat(admin("", "org", "create", "brandco", "--name", "Brand Co", "--logo-url", "https://cdn.brand.example/l.svg",
                "--accent", "#FF8800").status()).isZero();
        assertThat(item(Keys.org("brandco"))).containsEntry("logo_url", Attrs.s("https://cdn.brand.example/l.svg"))
                .containsEntry("accent", Attrs.s("#ff8800"));
        APIGatewayV2HTTPResponse page = Functions.invoke(functions.verification, Events.load("device-page")
                .path("/orgs/brandco/device").build());
        assertThat(page.getBody()).contains("Signing in to Brand Co").contains(":root{--accent:#ff8800}")
                .contains("src=\"https://cdn.brand.example/l.svg\"");
        Run bad = admin("", "org", "update", "brandco", "--logo-url", "javascript:alert(1)");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--logo-url must be an https image URL");
        assertThat(admin("", "org", "update", "brandco", "--accent", "red;}").status()).isEqualTo(2);
        assertThat(item(Keys.org("brandco"))).containsEntry("accent", Attrs.s("#ff8800"));
    }
}
