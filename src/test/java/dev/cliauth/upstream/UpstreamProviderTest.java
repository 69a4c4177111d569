package dev.cliauth.upstream;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.testing.TestDynamo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What company sign-in does with a provider that is slow or leaves out what it announced. */
class UpstreamProviderTest {

    private static final String CALLBACK = "https://cliauth.example/device/sso/callback";
    private static final String BROWSER = "b".repeat(32);

    private FakeIdp idp;
    private UpstreamProvider provider;

    @BeforeEach
    void up() throws Exception {
        idp = new FakeIdp();
        provider = new UpstreamProvider(Clock.systemUTC());
    }

    @AfterEach
    void down() {
        idp.close();
    }

    private static Map<String, String> query(String url) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
    }

    private static UpstreamProvider.Deadline in(int seconds) {
        return UpstreamProvider.Deadline.in(Duration.ofSeconds(seconds));
    }

    /**
     * A token endpoint that answers its headers at once and then sends its body one byte a second
     * does not hold the sign-in (and the function) past its 8 s per call, though HttpClient's own
     * request timeout ends when the headers arrive.
     */
    @Test
    void tokenEndpointWhenBodyTricklesThenSignInGivesUpWithinTheTimeout() throws Exception {
        idp.token = FakeIdp::trickle;
        UpstreamConfig config = idp.config("default");
        UpstreamProvider.Metadata m = provider.metadata(config, in(60));
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(25), () -> {
            assertThatThrownBy(() -> provider.redeem(config, m, "code", CALLBACK, "verifier", in(60)))
                    .isInstanceOf(UpstreamFailure.class);
        }, "redeem() still reading a trickling token response after 25 s (the timeout is 8 s)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(12));
    }

    /** The calls of one request share its deadline: a call made with 2 s left gives up after 2 s, not 8. */
    @Test
    void callsOfOneRequestWhenSlowThenTheyShareItsDeadline() {
        idp.token = FakeIdp::trickle;
        UpstreamConfig config = idp.config("default");
        UpstreamProvider.Deadline deadline = in(2);
        UpstreamProvider.Metadata m = provider.metadata(config, deadline);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> provider.redeem(config, m, "code", CALLBACK, "verifier", deadline))
                .isInstanceOf(UpstreamFailure.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThatThrownBy(() -> provider.redeem(config, m, "code", CALLBACK, "verifier", deadline))
                .as("none left").isInstanceOf(UpstreamFailure.class).hasMessageContaining("no time left");
    }

    /**
     * RFC 9207 §2.4: a client MUST reject an authorization response without {@code iss} from an
     * authorization server that supports the parameter, as this provider's discovery document says
     * ({@code authorization_response_iss_parameter_supported: true}).
     */
    @Test
    void callbackWhenIssMissingAndProviderAnnouncesRfc9207ThenRefused() throws Exception {
        idp.discovery.put("authorization_response_iss_parameter_supported", true);
        String table = TestDynamo.newTable();
        CompanySignIn signIn = new CompanySignIn(TestDynamo.client(), new ServiceSettings(null, table), provider, new SecureRandom());
        UpstreamConfig config = idp.config("default");
        long now = System.currentTimeMillis();

        // Control: with iss, the whole sign-in through this harness works.
        Map<String, String> ok = query(signIn.start(config, CALLBACK, BROWSER, "BCDF-GHJK", false, now));
        idp.token = x -> FakeIdp.send(x, 200, "{\"id_token\":\"" + token(ok.get("nonce"), now) + "\",\"token_type\":\"Bearer\"}");
        assertThat(signIn.finish(config, ok.get("state"), "code-1", idp.issuer, BROWSER, CALLBACK, now).subject())
                .isEqualTo("user-1");

        Map<String, String> q = query(signIn.start(config, CALLBACK, BROWSER, "BCDF-GHJK", false, now));
        idp.token = x -> FakeIdp.send(x, 200, "{\"id_token\":\"" + token(q.get("nonce"), now) + "\",\"token_type\":\"Bearer\"}");
        assertThatThrownBy(() -> signIn.finish(config, q.get("state"), "code-2", null, BROWSER, CALLBACK, now))
                .as("authorization response without iss from a provider announcing RFC 9207")
                .isInstanceOf(UpstreamFailure.class);
    }

    /** An https provider's discovery document cannot send cliauth to plain http on loopback (in Lambda, the runtime API). */
    @Test
    void discoveryWhenAnHttpsProviderNamesPlainHttpLoopbackEndpointsThenRefused() {
        UpstreamConfig https = new UpstreamConfig("default", "SSO", "https://login.example", "https://login.example/auth",
                "cliauth", null, java.util.List.of("acme.example"));
        Map<String, Object> doc = new java.util.HashMap<>(Map.of("issuer", "https://login.example",
                "authorization_endpoint", "https://login.example/auth", "token_endpoint", "https://login.example/token",
                "jwks_uri", "https://login.example/jwks"));
        assertThat(UpstreamProvider.fromDiscovery(https, doc, 0).tokenEndpoint()).isEqualTo("https://login.example/token");
        for (String inner : java.util.List.of("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", "http://localhost/token",
                "http://evil.example/token")) {
            for (String field : java.util.List.of("token_endpoint", "jwks_uri")) {
                Map<String, Object> bad = new java.util.HashMap<>(doc);
                bad.put(field, inner);
                assertThatThrownBy(() -> UpstreamProvider.fromDiscovery(https, bad, 0)).as(field + " " + inner)
                        .isInstanceOf(UpstreamFailure.class);
            }
        }
        UpstreamConfig local = idp.config("default");
        assertThat(local.acceptsEndpoint(idp.issuer + "/token")).as("a local provider, as in local mode").isTrue();
    }

    private String token(String nonce, long now) {
        try {
            return idp.idToken(b -> b.claim("nonce", nonce), now);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
