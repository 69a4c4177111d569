package dev.cliauth.webhook;

import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.config.WebhookSettings;
import dev.cliauth.org.OrgId;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One audit event named by the table's stream (keys only), to its org's webhook if the org has one
 * that takes events of its type: the item is read (strongly consistent) only for an org with a
 * webhook. The body is the event as the audit trail stores it, never more:
 * {@code {"type", "timestamp", "org", "data": {...}}}; its {@code webhook-id} is the audit item's
 * own id, the same on every retry and redelivery.
 */
@Singleton
@Requires(env = Functions.WEBHOOK)
public class WebhookDispatcher {

    /** The audit attributes a webhook body carries, in this order. */
    private static final List<String> FIELDS = List.of("email", "subject", "client_id", "client_name", "source_ip",
            "user_agent", "requester_ip", "requester_agent", "detail", "login");

    /** What became of one event. */
    public enum Outcome { DELIVERED, NOT_FOR_A_WEBHOOK, FAILED }

    private final WebhookConfigs configs;
    private final WebhookSender sender;
    private final JsonMapper json;
    private final DynamoDbClient dynamo;
    private final String table;
    private final WebhookSettings settings;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookDispatcher.class);

    public WebhookDispatcher(WebhookConfigs configs, WebhookSender sender, JsonMapper json, DynamoDbClient dynamo,
                             ServiceSettings service, WebhookSettings settings) {
        this.settings = settings;
        this.configs = configs;
        this.sender = sender;
        this.json = json;
        this.dynamo = dynamo;
        this.table = service.table();
    }

    /** Sends the audit item whose key is {@code pk} (a stream record's key) to its org's webhook, if it takes it. */
    public Outcome dispatch(String pk) {
        if (pk == null || !pk.startsWith("AUDIT#") || pk.length() > 200) {
            return Outcome.NOT_FOR_A_WEBHOOK;
        }
        int end = pk.indexOf('#', "AUDIT#".length());
        String org = end < 0 ? null : pk.substring("AUDIT#".length(), end);
        if (org == null || !OrgId.valid(org)) {
            return Outcome.NOT_FOR_A_WEBHOOK;
        }
        Optional<WebhookConfig> config = configs.of(org);
        if (config.isEmpty()) {
            return Outcome.NOT_FOR_A_WEBHOOK;
        }
        if (!WebhookTargets.sendable(config.get().url(), settings.allowLocal())) {
            LOG.warn("webhook of org {} not sent: its URL is not a public https address", org);    // retrying cannot help
            return Outcome.NOT_FOR_A_WEBHOOK;
        }
        Map<String, AttributeValue> image = Dynamo.call("GetItem audit event", () -> dynamo.getItem(g -> g.tableName(table)
                .key(Attrs.key(pk)).consistentRead(true))).item();
        String event = image == null ? null : Attrs.str(image, "event");
        if (event == null || !org.equals(Attrs.str(image, Keys.ORG)) || !config.get().delivers(event)) {
            return Outcome.NOT_FOR_A_WEBHOOK;
        }
        String id = "evt_" + pk.substring(("AUDIT#" + org + "#").length()).replace('#', '_');
        return sender.send(config.get(), id, body(image, org, event)) ? Outcome.DELIVERED : Outcome.FAILED;
    }

    private String body(Map<String, AttributeValue> image, String org, String event) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = Attrs.str(image, field);
            if (value != null) {
                data.put(field, value);
            }
        }
        List<String> scopes = Attrs.strings(image, "scopes");
        if (!scopes.isEmpty()) {
            data.put("scopes", scopes);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event);
        body.put("timestamp", Instant.ofEpochMilli(Attrs.num(image, "at", 0)).toString());
        body.put("org", org);
        body.put("data", data);
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
