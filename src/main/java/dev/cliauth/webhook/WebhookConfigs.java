package dev.cliauth.webhook;

import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orgs' webhooks ({@code WEBHOOK#<org>}), each read at most once a minute per instance: a batch
 * of a busy org's events costs one GetItem, and a changed URL or secret is used within a minute.
 */
@Singleton
@Requires(env = Functions.WEBHOOK)
public class WebhookConfigs {

    private static final long FRESH_MS = 60_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<WebhookConfig> config, long readAt) {
    }

    public WebhookConfigs(DynamoDbClient dynamo, ServiceSettings settings, Clock clock) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.clock = clock;
    }

    /** The org's webhook, if it has a usable one. */
    public Optional<WebhookConfig> of(String org) {
        long now = clock.millis();
        Cached c = cache.get(org);
        if (c == null || now - c.readAt() >= FRESH_MS) {
            c = new Cached(read(org), now);
            cache.put(org, c);
        }
        return c.config();
    }

    private Optional<WebhookConfig> read(String org) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem webhook", () -> dynamo.getItem(g -> g.tableName(table)
                .key(Attrs.key(Keys.webhook(org))))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        String url = Attrs.str(item, "url");
        String secret = Attrs.str(item, "secret");
        if (url == null || !WebhookTargets.allowed(url) || !WebhookSignature.wellFormed(secret)) {
            return Optional.empty();
        }
        return Optional.of(new WebhookConfig(url, secret, new HashSet<>(Attrs.strings(item, "events"))));
    }
}
