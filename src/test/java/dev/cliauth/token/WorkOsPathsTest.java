package dev.cliauth.token;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WorkOS AuthKit's paths (SPEC §2, §14): {@code /user_management/authorize/device} and
 * {@code /user_management/authenticate}, form or JSON, success in WorkOS's shape, errors in RFC 6749's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkOsPathsTest {

    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

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

    private APIGatewayV2HTTPResponse json(dev.cliauth.lambda.CliauthFunction function, String path, String body) {
        return Functions.invoke(function, Events.load("token-poll").path(path).header("content-type", "application/json")
                .rawBody(body, false).build());
    }

    private APIGatewayV2HTTPResponse form(dev.cliauth.lambda.CliauthFunction function, String path, String body) {
        return Functions.invoke(function, Events.load("token-poll").path(path).form(body).build());
    }

    @Test
    void deviceAuthorizationWhenJsonOrFormThenTheRfc8628Response() {
        APIGatewayV2HTTPResponse byJson = json(functions.deviceAuthorization, "/user_management/authorize/device",
                "{\"client_id\": \"demo-cli\"}");
        assertThat(byJson.getStatusCode()).as(byJson.getBody()).isEqualTo(200);
        assertThat(Functions.json(byJson)).containsKeys("device_code", "user_code", "verification_uri",
                "verification_uri_complete", "expires_in", "interval")
                .containsEntry("verification_uri", Functions.ISSUER + "/device");
        APIGatewayV2HTTPResponse byForm = form(functions.deviceAuthorization, "/orgs/acme/user_management/authorize/device",
                "client_id=acme-cli");
        assertThat(Functions.json(byForm)).containsEntry("verification_uri", Functions.ISSUER + "/orgs/acme/device");
    }

    @Test
    void authenticateWhenApprovedThenWorkOsShapeWithARefreshTokenWhateverTheScope() throws Exception {
        Map<String, Object> started = Functions.json(json(functions.deviceAuthorization, "/user_management/authorize/device",
                "{\"client_id\":\"demo-cli\"}"));
        String deviceCode = (String) started.get("device_code");
        String poll = "{\"grant_type\":\"" + DEVICE_GRANT + "\",\"device_code\":\"" + deviceCode + "\",\"client_id\":\"demo-cli\"}";
        APIGatewayV2HTTPResponse pending = json(functions.token, "/user_management/authenticate", poll);
        assertThat(pending.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(pending)).containsEntry("error", "authorization_pending").containsKey("error_description");

        logins.approve((String) started.get("user_code"));
        functions.clock.advance(java.time.Duration.ofSeconds(5));
        APIGatewayV2HTTPResponse done = json(functions.token, "/user_management/authenticate", poll);
        assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(200);
        assertThat(done.getHeaders()).containsEntry("Cache-Control", "no-store");
        Map<String, Object> body = Functions.json(done);
        assertThat(body).containsOnlyKeys("user", "organization_id", "access_token", "refresh_token", "authentication_method")
                .containsEntry("organization_id", null).containsEntry("authentication_method", "Password");
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) body.get("user");
        assertThat(user).containsEntry("object", "user").containsEntry("id", "demo-user-1")
                .containsEntry("email", "demo@example.com").containsEntry("email_verified", true)
                .containsEntry("first_name", "Demo").containsEntry("last_name", "User")
                .containsKeys("profile_picture_url", "created_at", "updated_at");
        assertThat(SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet().getSubject()).isEqualTo("demo-user-1");
        String refreshToken = (String) body.get("refresh_token");
        assertThat(refreshToken).as("AuthKit sessions are refreshable, offline_access or not").hasSize(43);

        APIGatewayV2HTTPResponse refreshed = form(functions.token, "/user_management/authenticate",
                "grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=demo-cli");
        assertThat(refreshed.getStatusCode()).as(refreshed.getBody()).isEqualTo(200);
        assertThat(Functions.json(refreshed)).containsKeys("user", "access_token").extractingByKey("refresh_token")
                .isNotEqualTo(refreshToken);
        APIGatewayV2HTTPResponse reused = form(functions.token, "/user_management/authenticate",
                "grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=demo-cli");
        assertThat(Functions.json(reused)).containsEntry("error", "invalid_grant");
    }

    /**
     * WorkOS's CLI Auth guide answers slow_down by adding one second to its own interval. A client
     * doing exactly that must be on time again from its next poll on, and get its tokens, even when
     * the server answered early polls the client never saw (a request retried on the way); the
     * standard paths keep RFC 8628's five seconds on the server's side.
     */
    @Test
    void authenticateWhenAGuideClientGetsSlowDownThenItsOneSecondStepIsEnough() {
        Map<String, Object> started = Functions.json(json(functions.deviceAuthorization, "/user_management/authorize/device",
                "{\"client_id\":\"demo-cli\"}"));
        String poll = "{\"grant_type\":\"" + DEVICE_GRANT + "\",\"device_code\":\"" + started.get("device_code")
                + "\",\"client_id\":\"demo-cli\"}";
        int interval = ((Number) started.get("interval")).intValue();
        assertThat(Functions.json(json(functions.token, "/user_management/authenticate", poll)))
                .containsEntry("error", "authorization_pending");
        functions.clock.advance(java.time.Duration.ofSeconds(1));
        for (int retried = 0; retried < 3; retried++) {   // answers the client never reads
            assertThat(Functions.json(json(functions.token, "/user_management/authenticate", poll)))
                    .containsEntry("error", "slow_down").containsEntry("interval", (long) interval);
        }
        functions.clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(Functions.json(json(functions.token, "/user_management/authenticate", poll)))
                .as("the client's own early poll").containsEntry("error", "slow_down");

        int guideInterval = interval + 1;   // the guide's loop: currentInterval += 1, then sleep it
        for (int i = 0; i < 5; i++) {
            functions.clock.advance(java.time.Duration.ofSeconds(guideInterval));
            assertThat(Functions.json(json(functions.token, "/user_management/authenticate", poll)))
                    .as("poll %d after the slow_down, %d s apart", i, guideInterval)
                    .containsEntry("error", "authorization_pending");
        }
        logins.approve((String) started.get("user_code"));
        functions.clock.advance(java.time.Duration.ofSeconds(guideInterval));
        APIGatewayV2HTTPResponse done = json(functions.token, "/user_management/authenticate", poll);
        assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(200);

        var standard = logins.start();
        logins.poll(standard.deviceCode());
        functions.clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(Functions.json(logins.poll(standard.deviceCode())))
                .as("RFC 8628 §3.5 on the standard paths").containsEntry("interval", standard.interval() + 5L);
    }

    @Test
    void orgScopedAuthenticateWhenApprovedThenOrganizationIdIsTheOrg() {
        Map<String, Object> started = Functions.json(form(functions.deviceAuthorization,
                "/orgs/acme/user_management/authorize/device", "client_id=acme-cli"));
        logins.grants().decide(logins.grants().findByUserCode("acme", ((String) started.get("user_code")).replace("-", ""))
                .get(0), true, "acme-user-1", Seed.ACME_EMAIL, "Alice Example", functions.clock.millis());
        APIGatewayV2HTTPResponse done = form(functions.token, "/orgs/acme/user_management/authenticate",
                "grant_type=" + enc(DEVICE_GRANT) + "&device_code=" + enc((String) started.get("device_code")) + "&client_id=acme-cli");
        assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(200);
        assertThat(Functions.json(done)).containsEntry("organization_id", "acme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"client_id\":\"demo-cli\",\"client_id\":\"demo-cli\"}", "{\"client_id\":1}",
            "{\"client_id\":{\"a\":\"b\"}}", "[\"demo-cli\"]", "{\"client_id\":\"demo-cli\"} {}", "{\"client_id\":", "nope"})
    void jsonBodyWhenRepeatedNestedOrMalformedThenInvalidRequest(String body) {
        APIGatewayV2HTTPResponse response = json(functions.deviceAuthorization, "/user_management/authorize/device", body);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(Functions.json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void standardPathsWhenJsonThenStillInvalidRequest() {
        APIGatewayV2HTTPResponse response = json(functions.deviceAuthorization, "/oauth2/device_authorization",
                "{\"client_id\":\"demo-cli\"}");
        assertThat(Functions.json(response)).containsEntry("error", "invalid_request");
    }
}
