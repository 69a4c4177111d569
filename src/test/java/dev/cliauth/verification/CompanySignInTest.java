package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.admin.AdminMain;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import dev.cliauth.testing.TestDynamo;
import dev.cliauth.testing.UpstreamProvider;
import dev.cliauth.testing.UpstreamProvider.Tamper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Company sign-in (SPEC §6) against a real OpenID provider (node-oidc-provider, started by the
 * test behind a proxy that can alter what it answers), through the real verification handler with
 * real-shaped events, configured with the admin tool: the whole login works and creates the account
 * just in time; a bad signature, a wrong audience, a wrong nonce, a replayed state and a state
 * taken to another browser each fail; so do other domains, unverified emails and someone else's
 * email; and a stale sign-in needs a new one at the provider before Approve.
 *
 * <p>Needs Node.js and npm (it installs oidc-provider like the benchmark's peer); skipped without
 * them here, a failure on CI ({@code .ci/run} installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompanySignInTest {

    private static final String SECRET = "provider-client-secret-0123456789";
    private static final String CALLBACK = Functions.ISSUER + "/device/sso/callback";

    private String unavailable;
    private UpstreamProvider provider;
    private Functions functions;
    private Logins logins;
    private String table;

    @BeforeAll
    void start() throws Exception {
        unavailable = UpstreamProvider.unavailable();
        if (unavailable != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(unavailable + ": run .ci/run, which installs node and npm");
            }
            return;
        }
        provider = UpstreamProvider.start(List.of(Map.of(
                "client_id", "cliauth", "client_secret", SECRET,
                "redirect_uris", List.of(CALLBACK, Functions.ISSUER + "/orgs/acme/device/sso/callback"),
                "response_types", List.of("code"), "grant_types", List.of("authorization_code"),
                "token_endpoint_auth_method", "client_secret_basic", "require_auth_time", true)), Map.of(
                "alice-1", Map.of("email", "alice@acme.example", "email_verified", true, "name", "Alice Company"),
                "mallory-1", Map.of("email", "mallory@evil.example", "email_verified", true, "name", "Mallory"),
                "bob-1", Map.of("email", "bob@acme.example", "email_verified", false, "name", "Bob"),
                "clash-1", Map.of("email", "demo@example.com", "email_verified", true, "name", "Not Demo")));
        table = TestDynamo.newTable();
        functions = Functions.onEndpoint(TestDynamo.endpoint(), TestDynamo.client(), table);
        logins = new Logins(functions);
        Admin set = admin(SECRET + "\n", "upstream", "set", "default", "--issuer", provider.issuer(), "--client-id", "cliauth",
                "--domains", "acme.example, example.com", "--name", "Acme SSO", "--client-secret-stdin");
        assertThat(set.status()).as(set.err()).isZero();
        assertThat(set.out()).contains("Acme SSO").contains("set (not shown)").doesNotContain(SECRET);
    }

    @AfterAll
    void stop() {
        if (functions != null) {
            functions.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private void needsProvider() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable + "; skipped (install node and npm, or run .ci/run)");
    }

    record Admin(int status, String out, String err) {
    }

    private Admin admin(String stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("--endpoint", TestDynamo.endpoint(), "--table", table));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminMain.run(argv, Map.of(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null);
        return new Admin(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A browser that typed {@code userCode} and pressed "Sign in with Acme SSO": where it is sent. */
    private URI startAt(EventBrowser browser, String userCode, boolean reauth) {
        if (!reauth) {
            browser.get("user_code=" + userCode);
            APIGatewayV2HTTPResponse signIn = browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(userCode));
            assertThat(signIn.getBody()).contains("Sign in with Acme SSO");
            assertThat(signIn.getHeaders().get("Content-Security-Policy")).contains("form-action 'self' " + provider.issuer() + ";");
        }
        APIGatewayV2HTTPResponse started = browser.post("/device/sso", "csrf=" + enc(browser.csrf()) + "&user_code="
                + enc(userCode) + (reauth ? "&reauth=1" : ""));
        assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(303);
        assertThat(started.getHeaders().get("Content-Security-Policy")).contains("form-action 'self' " + provider.issuer() + ";");
        return URI.create(started.getHeaders().get("Location"));
    }

    /** The callback the provider sends the browser to, after its login (as {@code account}) and consent. */
    private URI throughProvider(URI authorize, String account) throws Exception {
        provider.loginAs(account);
        return new UpstreamProvider.Visit().follow(authorize.toString(), CALLBACK);
    }

    private static APIGatewayV2HTTPResponse arrive(EventBrowser browser, URI callback) {
        return browser.send(Events.load("device-page").path(callback.getRawPath()).query(callback.getRawQuery()));
    }

    private Map<String, AttributeValue> item(String pk) {
        return TestDynamo.client().getItem(g -> g.tableName(table).key(Attrs.key(pk)).consistentRead(true)).item();
    }

    @Test
    void companySignInWhenFirstTimeThenAccountCreatedJustInTimeAndTheLoginCompletes() throws Exception {
        needsProvider();
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        URI authorize = startAt(browser, started.userCode(), false);
        assertThat(authorize.toString()).startsWith(provider.issuer() + "/auth?")
                .contains("response_type=code", "client_id=cliauth", "code_challenge_method=S256", "&nonce=", "&state=",
                        "scope=openid+email+profile", "redirect_uri=" + enc(CALLBACK)).doesNotContain("prompt=");

        APIGatewayV2HTTPResponse confirm = arrive(browser, throughProvider(authorize, "alice-1"));
        assertThat(confirm.getStatusCode()).as(confirm.getBody()).isEqualTo(200);
        assertThat(confirm.getBody()).contains("Allow Demo CLI?").contains("alice@acme.example");
        assertThat(browser.decide("approve").getBody()).contains("You're signed in");

        functions.clock.advance(Duration.ofSeconds(started.interval()));
        Map<String, Object> tokens = Functions.json(logins.poll(started.deviceCode()));
        assertThat(tokens).containsKey("access_token");
        Map<String, AttributeValue> account = item(Keys.user("default", "alice@acme.example"));
        assertThat(account).containsKey("subject").doesNotContainKey("password_hash");
        assertThat(account.get("upstream_sub").s()).isEqualTo("alice-1");
        assertThat(account.get("email_verified").bool()).isTrue();
        assertThat(account.get("name").s()).isEqualTo("Alice Company");
        assertThat(SignedJWT.parse((String) tokens.get("access_token")).getJWTClaimsSet().getSubject())
                .isEqualTo(account.get("subject").s());

        // The next sign-in of the same subject, in another browser, finds the same account.
        var again = logins.start();
        EventBrowser other = new EventBrowser(functions.verification).from("198.51.100.99");
        assertThat(arrive(other, throughProvider(startAt(other, again.userCode(), false), "alice-1")).getBody())
                .contains("Allow Demo CLI?").contains("alice@acme.example");
        assertThat(item(Keys.user("default", "alice@acme.example")).get("subject")).isEqualTo(account.get("subject"));

        // A company account has no password to guess.
        EventBrowser guesser = new EventBrowser(functions.verification).from("198.51.100.98");
        assertThat(guesser.signInWithCode(again.userCode(), "alice@acme.example", "").getBody())
                .contains("Email or password is incorrect.");
    }

    @ParameterizedTest
    @EnumSource(value = Tamper.class, names = {"BAD_SIGNATURE", "WRONG_AUDIENCE", "WRONG_NONCE"})
    void idTokenWhenSignatureAudienceOrNonceIsWrongThenRefusedAndNotSignedIn(Tamper tamper) throws Exception {
        needsProvider();
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification).from("198.51.100.40");
        URI authorize = startAt(browser, started.userCode(), false);
        provider.tamperNext(tamper);
        APIGatewayV2HTTPResponse refused = arrive(browser, throughProvider(authorize, "alice-1"));
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("Your sign-in couldn't be verified").doesNotContain("Allow Demo CLI?");
        assertThat(browser.cookies().keySet()).noneMatch(name -> name.contains("session"));
        assertThat(browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode())).getBody())
                .as("still not signed in").contains("Sign in with Acme SSO");
    }

    /** The control for the test above: the proxy's re-signing alone (the provider's key, no change) is accepted. */
    @Test
    void idTokenWhenResignedUnchangedByTheProvidersKeyThenAccepted() throws Exception {
        needsProvider();
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification).from("198.51.100.41");
        URI authorize = startAt(browser, started.userCode(), false);
        provider.tamperNext(Tamper.RESIGNED);
        assertThat(arrive(browser, throughProvider(authorize, "alice-1")).getBody()).contains("Allow Demo CLI?");
    }

    @Test
    void stateWhenReplayedOrTakenToAnotherBrowserThenRefused() throws Exception {
        needsProvider();
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification).from("198.51.100.42");
        URI callback = throughProvider(startAt(browser, started.userCode(), false), "alice-1");

        EventBrowser attacker = new EventBrowser(functions.verification).from("203.0.113.66");
        attacker.get(null);
        APIGatewayV2HTTPResponse injected = arrive(attacker, callback);
        assertThat(injected.getStatusCode()).isEqualTo(400);
        assertThat(injected.getBody()).contains("This sign-in link can't be used");
        assertThat(attacker.cookies().keySet()).noneMatch(name -> name.contains("session"));

        assertThat(arrive(browser, callback).getBody()).as("the attempt elsewhere spent nothing").contains("Allow Demo CLI?");
        APIGatewayV2HTTPResponse replayed = arrive(browser, callback);
        assertThat(replayed.getStatusCode()).isEqualTo(400);
        assertThat(replayed.getBody()).contains("This sign-in link can't be used");
    }

    @Test
    void companyAccountWhenDomainNotAllowedEmailUnverifiedOrSomeoneElsesThenRefused() throws Exception {
        needsProvider();
        var started = logins.start();
        EventBrowser mallory = new EventBrowser(functions.verification).from("198.51.100.43");
        APIGatewayV2HTTPResponse otherDomain = arrive(mallory, throughProvider(startAt(mallory, started.userCode(), false), "mallory-1"));
        assertThat(otherDomain.getStatusCode()).isEqualTo(403);
        assertThat(otherDomain.getBody()).contains("This account can't sign in here");
        assertThat(item(Keys.user("default", "mallory@evil.example"))).isNullOrEmpty();

        EventBrowser bob = new EventBrowser(functions.verification).from("198.51.100.44");
        APIGatewayV2HTTPResponse unverified = arrive(bob, throughProvider(startAt(bob, started.userCode(), false), "bob-1"));
        assertThat(unverified.getStatusCode()).isEqualTo(403);
        assertThat(unverified.getBody()).contains("Your email address isn't verified");
        assertThat(item(Keys.user("default", "bob@acme.example"))).isNullOrEmpty();

        EventBrowser clash = new EventBrowser(functions.verification).from("198.51.100.45");
        APIGatewayV2HTTPResponse taken = arrive(clash, throughProvider(startAt(clash, started.userCode(), false), "clash-1"));
        assertThat(taken.getStatusCode()).isEqualTo(409);
        assertThat(taken.getBody()).contains("This email already has an account here");
        assertThat(item(Keys.user("default", "demo@example.com"))).doesNotContainKey("upstream_sub").containsKey("password_hash");
    }

    @Test
    void companySessionWhenOlderThanReauthAfterThenApproveWaitsForANewSignInAtTheProvider() throws Exception {
        needsProvider();
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification).from("198.51.100.46");
        assertThat(arrive(browser, throughProvider(startAt(browser, started.userCode(), false), "alice-1")).getBody())
                .contains("Allow Demo CLI?");

        functions.clock.advance(Duration.ofMinutes(6));
        APIGatewayV2HTTPResponse stale;
        try {
            stale = browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(started.userCode()));
            assertThat(stale.getBody()).contains("Sign in with Acme SSO again").doesNotContain("value=\"approve\"");
            assertThat(stale.getHeaders().get("Content-Security-Policy")).contains("form-action 'self' " + provider.issuer() + ";");
            APIGatewayV2HTTPResponse forced = browser.decide("approve");
            assertThat(forced.getStatusCode()).isEqualTo(401);
            assertThat(logins.grant(started.userCode()).status().name()).isEqualTo("PENDING");
        } finally {
            functions.clock.advance(Duration.ofMinutes(-6));   // the provider's clock is the real one
        }
        URI again = startAt(browser, started.userCode(), true);
        assertThat(again.toString()).contains("prompt=login");
        APIGatewayV2HTTPResponse fresh = arrive(browser, throughProvider(again, "alice-1"));
        assertThat(fresh.getBody()).contains("Allow Demo CLI?").contains("value=\"approve\"");
        assertThat(browser.decide("approve").getBody()).contains("You're signed in");
    }

    @Test
    void companySignInStartsWhenOverThePerSourceLimitThenRefusedWithTheWaitAndNothingWritten() {
        needsProvider();
        var started = logins.start();
        EventBrowser busy = new EventBrowser(functions.verification).from("192.0.2.200");
        for (int i = 0; i < 30; i++) {
            startAt(busy, started.userCode(), i > 0);
        }
        APIGatewayV2HTTPResponse over = busy.post("/device/sso", "csrf=" + enc(busy.csrf()) + "&user_code="
                + enc(started.userCode()));
        assertThat(over.getStatusCode()).isEqualTo(429);
        assertThat(over.getBody()).contains("Too many company sign-ins were started from your network. Try again in");
        assertThat(over.getHeaders()).doesNotContainKey("Location");
        EventBrowser neighbour = new EventBrowser(functions.verification).from("192.0.2.201");
        assertThat(startAt(neighbour, started.userCode(), false).toString()).startsWith(provider.issuer());
    }

    @Test
    void adminWhenIssuerDiffersFromDiscoveryThenRefusedAndUnconfiguredOrgHasNoCompanySignIn() throws Exception {
        needsProvider();
        Admin wrong = admin("", "upstream", "set", "default", "--issuer", provider.issuer() + "/", "--client-id", "cliauth",
                "--domains", "acme.example");
        assertThat(wrong.status()).isNotZero();
        assertThat(wrong.err()).contains("names issuer");
        assertThat(item(Keys.upstream("default")).get("issuer").s()).isEqualTo(provider.issuer());
        Admin show = admin("", "upstream", "show", "default");
        assertThat(show.out()).contains("set (not shown)").doesNotContain(SECRET);

        String userCode = (String) Functions.json(Functions.invoke(functions.deviceAuthorization, Events.load("token-poll")
                .path("/orgs/acme/api/v1/oauth/device_authorization").form("client_id=acme-cli&scope=openid").build()))
                .get("user_code");
        EventBrowser acme = new EventBrowser(functions.verification).at("/orgs/acme/device").from("198.51.100.47");
        acme.get("user_code=" + userCode);
        APIGatewayV2HTTPResponse signIn = acme.post("/orgs/acme/device", "csrf=" + enc(acme.csrf()) + "&user_code="
                + enc(userCode));
        assertThat(signIn.getBody()).contains("Sign in").doesNotContain("Acme SSO");
        APIGatewayV2HTTPResponse sso = acme.post("/orgs/acme/device/sso", "csrf=" + enc(acme.csrf()) + "&user_code=" + enc(userCode));
        assertThat(sso.getStatusCode()).as(sso.getBody() + acme.posted.getHeaders()).isEqualTo(404);
    }
}
