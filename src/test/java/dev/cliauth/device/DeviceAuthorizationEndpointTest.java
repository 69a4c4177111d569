package dev.cliauth.device;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.store.Attrs;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /oauth2/device_authorization} through the real handler (RFC 8628 §3.1–3.2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceAuthorizationEndpointTest {

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
        functions.seed.publicClient("quick-cli", "Quick CLI", List.of("openid"), 120, 2);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    private APIGatewayV2HTTPResponse authorize(String form) {
        return Functions.invoke(functions.deviceAuthorization, Events.load("device-authorization").form(form).build());
    }

    private Map<String, AttributeValue> item(String deviceCode) {
        return logins.grantItem(deviceCode);
    }

    @Test
    void authorizeWhenPublicClientThenCodesAndUrisAndNoStore() {
        var response = authorize("client_id=demo-cli&scope=openid%20email");
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store");
        Map<String, Object> body = Functions.json(response);
        String deviceCode = (String) body.get("device_code");
        String userCode = (String) body.get("user_code");
        assertThat(deviceCode).matches("[A-Za-z0-9_-]{43}");
        assertThat(userCode).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(body).containsEntry("verification_uri", Functions.ISSUER + "/device")
                .containsEntry("verification_uri_complete", Functions.ISSUER + "/device?user_code=" + userCode);
        assertThat(((Number) body.get("expires_in")).intValue()).isEqualTo(600);
        assertThat(((Number) body.get("interval")).intValue()).isEqualTo(5);

        Map<String, AttributeValue> item = item(deviceCode);
        assertThat(item).as("stored under the hash only").isNotEmpty();
        assertThat(item.values().stream().map(AttributeValue::s)).doesNotContain(deviceCode);
        assertThat(Attrs.str(item, "status")).isEqualTo("PENDING");
        assertThat(Attrs.str(item, "requester_ip")).isEqualTo("198.51.100.23");
        assertThat(Attrs.num(item, "ttl", 0) * 1000).as("TTL later than expiry")
                .isGreaterThan(Attrs.num(item, "expires_at", 0));
    }

    @Test
    void authorizeWhenClientHasOwnLifetimeAndIntervalThenUsed() {
        Map<String, Object> body = Functions.json(authorize("client_id=quick-cli"));
        assertThat(((Number) body.get("expires_in")).intValue()).isEqualTo(120);
        assertThat(((Number) body.get("interval")).intValue()).isEqualTo(2);
    }

    @Test
    void authorizeWhenScopeNotAllowedThenInvalidScopeAndNothingStored() {
        var response = authorize("client_id=quick-cli&scope=openid%20email");
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(response)).containsEntry("error", "invalid_scope");
    }

    @Test
    void authorizeWhenClientUnknownThenInvalidClient() {
        var response = authorize("client_id=intruder");
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void authorizeWhenClientIdMissingThenInvalidRequest() {
        assertThat(Functions.json(authorize("scope=openid"))).containsEntry("error", "invalid_request");
    }

    @Test
    void authorizeWhenRepeatedParameterThenInvalidRequest() {
        assertThat(Functions.json(authorize("client_id=demo-cli&scope=openid&scope=email"))).containsEntry("error", "invalid_request");
    }

    @Test
    void authorizeWhenWrongContentTypeThenInvalidRequest() {
        var response = Functions.invoke(functions.deviceAuthorization, Events.load("device-authorization")
                .header("content-type", "text/plain").rawBody("client_id=demo-cli", false).build());
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void authorizeWhenBodyTooLargeThen413Json() {
        var response = authorize("client_id=demo-cli&pad=" + "a".repeat(20_000));
        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(Functions.json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void authorizeManyTimesThenUserCodesDistinct() {
        java.util.Set<String> codes = new java.util.HashSet<>();
        for (int i = 0; i < 30; i++) {
            codes.add(logins.start().userCode());
        }
        assertThat(codes).hasSize(30);
    }
}
