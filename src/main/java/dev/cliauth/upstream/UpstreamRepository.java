package dev.cliauth.upstream;

import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads an org's company sign-in ({@code UPSTREAM#org}). Only org ids that exist reach it, so one
 * bounded map keeps what was read, present or absent, for {@code cliauth.client.cache-ttl}.
 */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class UpstreamRepository implements Primed {

    private static final int MAX_CACHED = 1_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final long cacheTtlMillis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public UpstreamRepository(DynamoDbClient dynamo, ServiceSettings settings, Clock clock,
                              @Value("${cliauth.client.cache-ttl:30s}") Duration cacheTtl) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.clock = clock;
        this.cacheTtlMillis = cacheTtl.toMillis();
    }

    /** The company sign-in of {@code org} (an org that exists), if it has one. */
    public Optional<UpstreamConfig> find(String org) {
        long now = clock.millis();
        Cached cached = cache.get(org);
        if (cached != null && cached.until > now) {
            return Optional.ofNullable(cached.config);
        }
        Map<String, AttributeValue> item = Dynamo.call("GetItem upstream", () ->
                dynamo.getItem(b -> b.tableName(table).key(Attrs.key(Keys.upstream(org))))).item();
        UpstreamConfig config = item == null || item.isEmpty() || Attrs.flag(item, "disabled") ? null : of(org, item);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(org, new Cached(config, now + cacheTtlMillis));
        return Optional.ofNullable(config);
    }

    static UpstreamConfig of(String org, Map<String, AttributeValue> item) {
        String secret = Attrs.str(item, "client_secret");
        return new UpstreamConfig(org, Attrs.str(item, "name", "your company"), Attrs.str(item, "issuer"),
                Attrs.str(item, "authorization_endpoint"), Attrs.str(item, "client_id"),
                secret == null || secret.isEmpty() ? null : secret, Attrs.strings(item, "domains"));
    }

    @Override
    public void forget() {
        cache.clear();
    }

    @Override
    public boolean forgetsOnlyReads() {
        return true;
    }

    private record Cached(UpstreamConfig config, long until) {
    }
}
