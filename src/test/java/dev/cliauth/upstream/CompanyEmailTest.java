package dev.cliauth.upstream;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.admin.AdminMain;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import dev.cliauth.testing.TestDynamo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email a provider asserts, through the real verification handler: an account is made only for
 * an address the admin tool and the portal take too (so `user disable` works on it), and only for
 * the very address the provider verified.
 */
class CompanyEmailTest {

    private FakeIdp idp;
    private Functions functions;

    @BeforeEach
    void up() throws Exception {
        idp = new FakeIdp();
        functions = Functions.start();
        Admin set = admin("upstream", "set", "default", "--issuer", idp.issuer, "--client-id", "cliauth",
                "--domains", "acme.example", "--name", "Fake SSO");
        assertThat(set.status()).as(set.err()).isZero();
    }

    @AfterEach
    void down() {
        functions.close();
        idp.close();
    }

    record Admin(int status, String out, String err) {
    }

    private Admin admin(String... args) {
        List<String> argv = new ArrayList<>(List.of("--endpoint", TestDynamo.endpoint(), "--table", functions.table));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminMain.run(argv, Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null);
        return new Admin(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private APIGatewayV2HTTPResponse signIn(String email) throws Exception {
        return signIn("sub-" + email.hashCode(), email);
    }

    private APIGatewayV2HTTPResponse signIn(String sub, String email) throws Exception {
        var started = new Logins(functions).start();
        EventBrowser browser = new EventBrowser(functions.verification).from("198.51.100.7");
        browser.get("user_code=" + started.userCode());
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode()));
        APIGatewayV2HTTPResponse go = browser.post("/device/sso", "csrf=" + enc(browser.csrf()) + "&user_code="
                + enc(started.userCode()));
        assertThat(go.getStatusCode()).as(go.getBody()).isEqualTo(303);
        URI authorize = URI.create(go.getHeaders().get("Location"));
        Map<String, String> q = Arrays.stream(authorize.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
        long now = functions.clock.millis();
        String idToken = idp.idToken(b -> b.subject(sub).claim("email", email)
                .claim("nonce", q.get("nonce")), now);
        idp.token = x -> FakeIdp.send(x, 200, "{\"id_token\":\"" + idToken + "\",\"token_type\":\"Bearer\"}");
        return browser.send(Events.load("device-page").path("/device/sso/callback")
                .query("code=c1&state=" + q.get("state") + "&iss=" + enc(idp.issuer)));
    }

    private Map<String, AttributeValue> item(String pk) {
        return TestDynamo.client().getItem(g -> g.tableName(functions.table).key(Attrs.key(pk)).consistentRead(true)).item();
    }

    @Test
    void controlOrdinaryEmailSignsInAndAdminCanDisableIt() throws Exception {
        APIGatewayV2HTTPResponse r = signIn("carol-sub", "carol@acme.example");
        assertThat(r.getBody()).contains("Allow Demo CLI?");
        // the provider changes carol's email to another address (of a password account): still carol's account
        APIGatewayV2HTTPResponse moved = signIn("carol-sub", "demo@example.com");
        assertThat(moved.getStatusCode()).as("demo@example.com is not an allowed domain").isEqualTo(403);
        APIGatewayV2HTTPResponse renamed = signIn("carol-sub", "dave@acme.example");
        assertThat(renamed.getBody()).contains("Allow Demo CLI?").contains("carol@acme.example").doesNotContain("dave@acme.example");
        assertThat(item(Keys.user("default", "dave@acme.example"))).isNullOrEmpty();
        assertThat(admin("user", "disable", "default", "carol@acme.example").status()).isZero();
        assertThat(signIn("carol-sub", "carol@acme.example").getBody()).doesNotContain("Allow Demo CLI?");
    }

    @Test
    void providerEmailWhenNotAnAddressTheAdminToolTakesThenNoAccount() throws Exception {
        for (String email : List.of("\"john smith\"@acme.example", "a@b@acme.example")) {
            APIGatewayV2HTTPResponse r = signIn(email);
            assertThat(r.getBody()).as(email).doesNotContain("Allow Demo CLI?");
            assertThat(item(Keys.user("default", email))).as(email).isNullOrEmpty();
        }
    }

    /**
     * The provider verified "\u212Aate@acme.example" (KELVIN SIGN K), whose lower case is ASCII
     * "kate@acme.example": an address nobody verified, maybe a colleague's. No account for either.
     */
    @Test
    void providerEmailWhenLowercasedIntoAnotherAddressThenNoAccount() throws Exception {
        APIGatewayV2HTTPResponse r = signIn("kelvin-sub", "\u212Aate@acme.example");
        assertThat(r.getBody()).doesNotContain("Allow Demo CLI?");
        assertThat(item(Keys.user("default", "kate@acme.example"))).isNullOrEmpty();
        assertThat(item(Keys.user("default", "\u212Aate@acme.example"))).isNullOrEmpty();
    }
}
