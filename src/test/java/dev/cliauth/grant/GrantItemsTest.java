package dev.cliauth.grant;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import dev.cliauth.testing.TestDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading a grant item is strict: an item without an attribute every grant is stored with is
 * refused, never read as a live pending grant with made-up defaults (STYLE, "State").
 */
class GrantItemsTest {

    private static DeviceGrant grant() {
        return new DeviceGrant("hash", "default", "BCDFGHJK", "demo-cli", "Demo CLI", List.of("openid", "email"),
                GrantStatus.PENDING, 1_000, 601_000, 5, 4_000, 1_000, 2, 160, "192.0.2.1", "agent", null, null, null, 0);
    }

    @Test
    void toItemThenFromItemGivesTheSameGrant() {
        assertThat(GrantItems.fromItem(GrantItems.toItem(grant()))).isEqualTo(grant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "interval_s", "poll_budget", "org", "client_id", "expires_at", "next_poll_at",
            "polls", "poll_gap_ms", "created_at", "user_code", "scopes", "client_name", "requester_ip", "requester_agent"})
    void fromItemWhenAnAttributeIsMissingThenRefusedNamingIt(String attribute) {
        Map<String, AttributeValue> item = new HashMap<>(GrantItems.toItem(grant()));
        item.remove(attribute);
        assertThatThrownBy(() -> GrantItems.fromItem(item)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(attribute);
    }

    @Test
    void fromItemWhenAnAttributeHasTheWrongTypeThenRefused() {
        Map<String, AttributeValue> item = new HashMap<>(GrantItems.toItem(grant()));
        item.put("poll_budget", AttributeValue.fromS("160"));
        assertThatThrownBy(() -> GrantItems.fromItem(item)).hasMessageContaining("poll_budget")
                .hasMessageNotContaining("160");
        item.put("poll_budget", AttributeValue.fromN("160"));
        item.put("status", AttributeValue.fromS("LIVE"));
        assertThatThrownBy(() -> GrantItems.fromItem(item)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pollWhenTheStoredGrantLacksItsPollBudgetThenServerErrorAndNothingRecorded() {
        try (Functions functions = Functions.start()) {
            Logins logins = new Logins(functions);
            Logins.Started started = logins.start();
            Map<String, AttributeValue> key = Attrs.key(Keys.grant(DeviceCode.hash(started.deviceCode())));
            TestDynamo.client().updateItem(u -> u.tableName(functions.table).key(key).updateExpression("REMOVE poll_budget"));
            Map<String, AttributeValue> before = TestDynamo.client().getItem(g -> g.tableName(functions.table).key(key)
                    .consistentRead(true)).item();

            APIGatewayV2HTTPResponse response = logins.poll(started.deviceCode());

            assertThat(response.getStatusCode()).isEqualTo(500);
            assertThat(Functions.json(response)).containsEntry("error", "server_error");
            assertThat(TestDynamo.client().getItem(g -> g.tableName(functions.table).key(key).consistentRead(true)).item())
                    .as("the poll was not recorded").isEqualTo(before);
        }
    }
}
