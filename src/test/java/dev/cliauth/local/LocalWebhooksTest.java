package dev.cliauth.local;

import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.WebhookReceiver;
import dev.cliauth.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode's stand-in for the table's stream: a new audit item reaches the real webhook function
 * (and the receiver, signed); other new items, and changes to existing ones, do not.
 */
class LocalWebhooksTest {

    @Test
    void localWebhooksWhenAnAuditItemIsInsertedThenItIsDeliveredSignedAndNothingElseIs() throws Exception {
        String table = "local-webhooks";
        String secret = WebhookSignature.newSecret(new SecureRandom());
        try (LocalDynamo dynamo = LocalDynamo.start(); DynamoDbClient client = dynamo.client();
             WebhookReceiver receiver = new WebhookReceiver()) {
            LocalDynamo.createTable(client, SamTemplate.load(), table);
            client.putItem(p -> p.tableName(table).item(Map.of(Keys.PK, Attrs.s(Keys.webhook("default")),
                    Keys.ORG, Attrs.s("default"), "url", Attrs.s(receiver.url()), "secret", Attrs.s(secret),
                    "events", Attrs.list(List.of()))));
            try (LocalWebhooks webhooks = new LocalWebhooks(dynamo, table, Map.of("cliauth.table", table,
                    "cliauth.dynamodb.endpoint", LocalDynamo.IN_PROCESS_ENDPOINT, "cliauth.webhook.allow-local", "true"),
                    dynamo.httpClient())) {
                String pk = "AUDIT#default#1796300000000#0001a1b2c3d4";
                client.putItem(p -> p.tableName(table).item(Map.of(Keys.PK, Attrs.s(pk), Keys.ORG, Attrs.s("default"),
                        "event", Attrs.s("not_me"), "at", Attrs.n(1796300000000L), "email", Attrs.s("demo@example.com"),
                        "scopes", Attrs.list(List.of("openid")))));
                client.putItem(p -> p.tableName(table).item(Map.of(Keys.PK, Attrs.s("CLIENT#default#x"),
                        Keys.ORG, Attrs.s("default"), "event", Attrs.s("not_me"))));
                client.updateItem(u -> u.tableName(table).key(Attrs.key(pk)).updateExpression("SET detail = :d")
                        .expressionAttributeValues(Map.of(":d", Attrs.s("denied"))));
                webhooks.drain(30_000);
                assertThat(receiver.deliveries()).singleElement().satisfies(d -> {
                    assertThat(d.id()).isEqualTo("evt_1796300000000_0001a1b2c3d4");
                    assertThat(d.body()).contains("\"type\":\"not_me\"").contains("\"scopes\":[\"openid\"]");
                    assertThat(WebhookSignature.verify(secret, d.id(), Long.parseLong(d.timestamp()), d.body(), d.signature()))
                            .isTrue();
                });
            }
        }
    }
}
