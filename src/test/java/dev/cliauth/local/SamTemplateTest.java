package dev.cliauth.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.cliauth.store.Keys;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml agrees with the code: routes name real handlers, the table has the keys the code uses. */
class SamTemplateTest {

    private final SamTemplate template = SamTemplate.load();

    /** What Lambda and LocalServer need of a handler class: the request handler and its constructor. */
    @Test
    void everyRouteNamesAnExistingHandler() throws Exception {
        assertThat(template.routes()).isNotEmpty();
        for (SamTemplate.Route route : template.routes()) {
            Class<?> handler = Class.forName(route.handlerClass());
            assertThat(RequestHandler.class.isAssignableFrom(handler)).as(route.toString()).isTrue();
            assertThat(handler.getConstructor(Map.class, Object[].class)).as(route.toString()).isNotNull();
        }
    }

    @Test
    void routesCoverTheEndpoints() {
        assertThat(template.routes()).extracting(r -> r.method() + " " + r.path()).contains(
                "POST /oauth2/device_authorization", "POST /oauth2/token", "GET /oauth2/jwks",
                "GET /.well-known/oauth-authorization-server", "GET /.well-known/openid-configuration",
                "GET /device", "POST /device", "POST /device/signin", "POST /device/decision");
    }

    @Test
    void tableHasTheKeysAndIndexTheCodeUses() {
        var table = template.table("t");
        assertThat(table.keySchema()).singleElement().satisfies(k -> assertThat(k.attributeName()).isEqualTo(Keys.PK));
        assertThat(table.globalSecondaryIndexes()).hasSize(3);
        assertThat(table.globalSecondaryIndexes().get(0)).satisfies(g -> {
            assertThat(g.indexName()).isEqualTo(Keys.USER_CODE_INDEX);
            assertThat(g.keySchema().get(0).attributeName()).isEqualTo(Keys.USER_CODE_KEY);
        });
        assertThat(table.globalSecondaryIndexes().get(1)).satisfies(g -> {
            assertThat(g.indexName()).isEqualTo(Keys.DEVICES_INDEX);
            assertThat(g.keySchema()).singleElement().satisfies(k -> assertThat(k.attributeName()).isEqualTo(Keys.DEVICE_OWNER));
            assertThat(g.projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY");
        });
        assertThat(table.globalSecondaryIndexes().get(2)).satisfies(g -> {
            assertThat(g.indexName()).isEqualTo(Keys.ORG_INDEX);
            assertThat(g.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                    .containsExactly(Keys.ORG_LIST + " HASH", Keys.ORG_SORT + " RANGE");
            assertThat(g.projection().nonKeyAttributes()).doesNotContain("sessions", "password_hash", "secret_sha256",
                    "invite_sha256");
        });
        assertThat(template.ttlAttribute()).isEqualTo(Keys.TTL);
    }

    /** The webhook function has time for at least two events at the longest the settings allow one to take. */
    @Test
    void webhookFunctionRunsLongEnoughForTheLongestSend() {
        java.time.Duration timeout = SamTemplate.load().timeout("WebhookFunction");
        assertThat(timeout).isGreaterThanOrEqualTo(dev.cliauth.config.WebhookSettings.LONGEST_SEND.plusSeconds(1).multipliedBy(2));
    }
}
