package dev.cliauth.webhook;

import dev.cliauth.config.Functions;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One audit event from the table's stream, to its org's webhook if the org has one that takes
 * events of its type. The body is the event as the audit trail stores it, never more:
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

    public WebhookDispatcher(WebhookConfigs configs, WebhookSender sender, JsonMapper json) {
        this.configs = configs;
        this.sender = sender;
        this.json = json;
    }

    /** Sends the audit item {@code image} (a stream record's new image) to its org's webhook, if it takes it. */
    public Outcome dispatch(Map<String, AttributeValue> image) {
        String pk = Attrs.str(image, Keys.PK);
        String org = Attrs.str(image, Keys.ORG);
        String event = Attrs.str(image, "event");
        if (pk == null || org == null || event == null || !pk.startsWith("AUDIT#" + org + "#")) {
            return Outcome.NOT_FOR_A_WEBHOOK;
        }
        Optional<WebhookConfig> config = configs.of(org);
        if (config.isEmpty() || !config.get().delivers(event)) {
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
