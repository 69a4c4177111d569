package dev.cliauth.token;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.store.Attrs;
import dev.cliauth.code.DeviceCode;
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

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** The token endpoint through the real handler: every branch of SPEC §3, in order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenEndpointTest {

    private static final String GRANT = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code");

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
        functions.seed.publicClient("other-cli", "Other CLI", List.of("openid"), 0, 0);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    private static void assertError(APIGatewayV2HTTPResponse response, int status, String error) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        Map<String, Object> body = Functions.json(response);
        assertThat(body.get("error")).isEqualTo(error);
        assertThat(body.get("error_description")).isInstanceOf(String.class);
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store");
    }

    private Map<String, AttributeValue> item(String deviceCode) {
        return logins.grantItem(deviceCode);
    }

    @Test
    void pollWhenContentTypeIsJsonThenInvalidRequest() {
        var response = Functions.invoke(functions.token, Events.load("token-poll")
                .header("content-type", "application/json").rawBody("{\"grant_type\":\"x\"}", false).build());
        assertError(response, 400, "invalid_request");
    }

    @Test
    void pollWhenParameterRepeatedThenInvalidRequest() {
        var started = logins.start();
        var response = logins.tokenRequest(GRANT + "&device_code=" + started.deviceCode()
                + "&client_id=demo-cli&client_id=demo-cli");
        assertError(response, 400, "invalid_request");
        assertThat(Attrs.num(item(started.deviceCode()), "polls", 0)).as("no poll recorded").isZero();
    }

    @Test
    void pollWhenGrantTypeMissingThenInvalidRequest() {
        assertError(logins.tokenRequest("device_code=abc&client_id=demo-cli"), 400, "invalid_request");
    }

    @Test
    void pollWhenBodyIsNotBase64ThenInvalidRequest() {
        var response = Functions.invoke(functions.token, Events.load("token-poll").rawBody("%%%not-base64%%%", true).build());
        assertError(response, 400, "invalid_request");
    }

    @Test
    void pollWhenGrantTypeUnknownThenUnsupportedGrantType() {
        assertError(logins.tokenRequest("grant_type=password&username=a&password=b&client_id=demo-cli"),
                400, "unsupported_grant_type");
    }

    @Test
    void pollWhenDeviceCodeMissingThenInvalidRequest() {
        assertError(logins.tokenRequest(GRANT + "&client_id=demo-cli"), 400, "invalid_request");
    }

    @Test
    void pollWhenClientUnknownThenInvalidClient() {
        var started = logins.start();
        assertError(logins.poll(started.deviceCode(), "nobody"), 400, "invalid_client");
    }

    @Test
    void pollWhenPublicClientSendsSecretThenInvalidClient401() {
        var started = logins.start();
        var response = logins.tokenRequest(GRANT + "&device_code=" + started.deviceCode()
                + "&client_id=demo-cli&client_secret=guess");
        assertError(response, 401, "invalid_client");
        assertThat(response.getHeaders()).containsKey("WWW-Authenticate");
    }

    @Test
    void pollWhenDeviceCodeUnknownThenInvalidGrant() {
        assertError(logins.poll(DeviceCode.generate(new java.security.SecureRandom())), 400, "invalid_grant");
        assertError(logins.poll("not-even-the-right-shape"), 400, "invalid_grant");
    }

    @Test
    void pollWhenDeviceCodeBelongsToAnotherClientThenInvalidGrant() {
        var started = logins.start();
        assertError(logins.poll(started.deviceCode(), "other-cli"), 400, "invalid_grant");
        assertThat(Attrs.num(item(started.deviceCode()), "polls", 0)).as("other client's poll not recorded").isZero();
    }

    @Test
    void pollWhenExpiredThenExpiredTokenEvenBeforeTtlDeletes() {
        var started = logins.start();
        functions.clock.advance(Duration.ofSeconds(601));
        try {
            assertError(logins.poll(started.deviceCode()), 400, "expired_token");
            assertThat(item(started.deviceCode())).as("item still there").isNotEmpty();
        } finally {
            functions.clock.advance(Duration.ofSeconds(-601));
        }
    }

    @Test
    void pollWhenTooSoonThenSlowDownAndIntervalGrowsByFiveForLaterPolls() {
        var started = logins.start();
        assertError(logins.poll(started.deviceCode()), 400, "authorization_pending");
        var tooSoon = logins.poll(started.deviceCode());
        assertError(tooSoon, 400, "slow_down");
        assertThat(((Number) Functions.json(tooSoon).get("interval")).intValue()).isEqualTo(10);
        assertThat(Attrs.num(item(started.deviceCode()), "interval_s", 0)).isEqualTo(10);
        // Waiting the old interval is now too soon as well.
        functions.clock.advance(Duration.ofSeconds(6));
        var stillTooSoon = logins.poll(started.deviceCode());
        assertError(stillTooSoon, 400, "slow_down");
        assertThat(((Number) Functions.json(stillTooSoon).get("interval")).intValue()).isEqualTo(15);
        functions.clock.advance(Duration.ofSeconds(15));
        assertError(logins.poll(started.deviceCode()), 400, "authorization_pending");
    }

    @Test
    void pollWhenFirstPollIsImmediateThenNeverSlowDown() {
        var started = logins.start();
        assertError(logins.poll(started.deviceCode()), 400, "authorization_pending");
    }

    @Test
    void pollWhenIntervalHonouredWithJitterThenPending() {
        var started = logins.start();
        assertError(logins.poll(started.deviceCode()), 400, "authorization_pending");
        functions.clock.advance(Duration.ofMillis(4_500));
        assertError(logins.poll(started.deviceCode()), 400, "authorization_pending");
    }

    @Test
    void pollWhenDeniedThenAccessDenied() {
        var started = logins.start();
        logins.deny(started.userCode());
        assertError(logins.poll(started.deviceCode()), 400, "access_denied");
    }

    @Test
    void pollWhenDeniedThenAccessDeniedEvenTooSoon() {
        var started = logins.start();
        assertError(logins.poll(started.deviceCode()), 400, "authorization_pending");
        logins.deny(started.userCode());
        assertError(logins.poll(started.deviceCode()), 400, "access_denied");
        assertThat(Attrs.num(item(started.deviceCode()), "interval_s", 0)).as("no slow_down").isEqualTo(started.interval());
    }

    @Test
    void pollWhenApprovedThenTokensOnceAndReplayRevokes() throws Exception {
        var started = logins.start();
        logins.approve(started.userCode());
        var response = logins.poll(started.deviceCode());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store");
        Map<String, Object> body = Functions.json(response);
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("scope", "openid email profile");

        SignedJWT access = SignedJWT.parse((String) body.get("access_token"));
        JWKSet jwks = JWKSet.parse(Functions.invoke(functions.token, Events.load("jwks").build()).getBody());
        ECKey key = (ECKey) jwks.getKeyByKeyId(access.getHeader().getKeyID());
        assertThat(access.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(access.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        var claims = access.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(Functions.ISSUER);
        assertThat(claims.getSubject()).isEqualTo("demo-user-1");
        assertThat(claims.getAudience()).containsExactly("demo-cli");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-cli");
        assertThat(claims.getStringClaim("scope")).isEqualTo("openid email profile");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());

        SignedJWT id = SignedJWT.parse((String) body.get("id_token"));
        assertThat(id.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(id.getJWTClaimsSet().getStringClaim("email")).isEqualTo("demo@example.com");
        assertThat(id.getJWTClaimsSet().getStringClaim("name")).isEqualTo("Demo User");

        functions.clock.advance(Duration.ofSeconds(5));
        assertError(logins.poll(started.deviceCode()), 400, "invalid_grant");
        Map<String, AttributeValue> item = item(started.deviceCode());
        assertThat(Attrs.str(item, "access_jti")).isEqualTo(claims.getJWTID());
        assertThat(Attrs.num(item, "revoked_at", 0)).as("first tokens revoked").isPositive();
    }

    @Test
    void pollWhenNoOpenIdScopeThenNoIdToken() {
        var started = logins.start("demo-cli", "email");
        logins.approve(started.userCode());
        Map<String, Object> body = Functions.json(logins.poll(started.deviceCode()));
        assertThat(body).containsKey("access_token").doesNotContainKey("id_token");
    }

    @Test
    void pollWhenApprovingAccountDisabledSinceThenInvalidGrant() {
        functions.seed.account("gone@example.com", "gone-1", "Gone", "pw-gone-123", false);
        var started = logins.start();
        logins.grants().decide(logins.grant(started.userCode()), true, "gone-1", "gone@example.com", "Gone",
                functions.clock.millis());
        functions.seed.disableAccount("gone@example.com");
        assertError(logins.poll(started.deviceCode()), 400, "invalid_grant");
        assertThat(Attrs.str(item(started.deviceCode()), "status")).isEqualTo("APPROVED");
    }

    @Test
    void getOnTokenEndpointThenJsonErrorNot5xx() {
        var response = Functions.invoke(functions.token, Events.load("token-poll").method("GET").build());
        assertThat(response.getStatusCode()).isBetween(400, 499);
        assertThat(Functions.json(response)).containsKey("error");
    }

    @Test
    void unknownPathThenJson404() {
        var response = Functions.invoke(functions.token, Events.load("token-poll").path("/nope").build());
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(Functions.json(response)).containsEntry("error", "invalid_request");
    }
}
