package dev.cliauth.client;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.refresh.RefreshPolicy;
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
 * Reads clients ({@code CLIENT#org#id}). A warm function keeps each client for
 * {@code cliauth.client.cache-ttl} (default 30 s), so polling costs one DynamoDB call; a client
 * disabled by an operator stops working within that time. Clients that exist and ids that do not
 * are kept in two bounded maps: made-up client ids cost one read each and, when their map is full,
 * push out only other made-up ids, never a real client (so strangers can neither flush the cache
 * nor grow it past its bound).
 */
@Singleton
@Requires(env = {"device-authorization", "token"})
public class ClientRepository implements Primed {

    private static final int MAX_CACHED = 1_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Cached> known = new ConcurrentHashMap<>();
    private final Map<String, Long> unknown = new ConcurrentHashMap<>();

    public ClientRepository(DynamoDbClient dynamo, ServiceSettings settings, Clock clock,
                            @Value("${cliauth.client.cache-ttl:30s}") Duration cacheTtl) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    public Optional<Client> find(String org, String clientId) {
        String pk = Keys.client(org, clientId);
        long now = clock.millis();
        Cached cached = known.get(pk);
        if (cached != null && cached.until > now) {
            return Optional.of(cached.client);
        }
        Long absentUntil = unknown.get(pk);
        if (absentUntil != null && absentUntil > now) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = Dynamo.call("GetItem client", () ->
                dynamo.getItem(b -> b.tableName(table).key(Attrs.key(pk)))).item();
        long until = now + cacheTtl.toMillis();
        if (item == null || item.isEmpty()) {
            if (unknown.size() >= MAX_CACHED) {
                unknown.clear();
            }
            unknown.put(pk, until);
            known.remove(pk);
            return Optional.empty();
        }
        Client client = fromItem(org, item);
        if (known.size() >= MAX_CACHED) {
            known.clear();      // only ids that exist get here: bounded by the clients an operator made
        }
        known.put(pk, new Cached(client, until));
        unknown.remove(pk);
        return Optional.of(client);
    }

    /** A public client that exists only while priming, with the scopes the primed requests ask for. */
    @Override
    public Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture fixture) {
        String pk = Keys.client(fixture.org(), fixture.clientId());
        return Map.of(pk, Map.of(
                Keys.PK, Attrs.s(pk),
                Keys.ORG, Attrs.s(fixture.org()),
                "client_id", Attrs.s(fixture.clientId()),
                "name", Attrs.s("Priming"),
                "scopes", Attrs.list(java.util.List.of("openid", "email", "profile", "offline_access"))));
    }

    /** How many absent ids are remembered (for the test of its bound). */
    int cachedUnknown() {
        return unknown.size();
    }

    @Override
    public void forget() {
        known.clear();
        unknown.clear();
    }

    @Override
    public boolean forgetsOnlyReads() {
        return true;
    }

    /** The client stored under {@code CLIENT#org#id}: its org is the key's, whatever the item says. */
    static Client fromItem(String org, Map<String, AttributeValue> item) {
        long ttl = Attrs.num(item, "code_ttl_s", 0);
        long interval = Attrs.num(item, "interval_s", 0);
        return new Client(
                org,
                Attrs.str(item, "client_id"),
                Attrs.str(item, "name", Attrs.str(item, "client_id")),
                Attrs.str(item, "secret_sha256"),
                Attrs.strings(item, "scopes"),
                ttl > 0 ? Duration.ofSeconds(ttl) : null,
                interval > 0 ? Duration.ofSeconds(interval) : null,
                Attrs.flag(item, "disabled"),
                RefreshPolicy.parse(Attrs.str(item, "refresh_policy")),
                seconds(item, "refresh_idle_s"),
                seconds(item, "refresh_max_s"),
                Attrs.flag(item, "third_party"),
                UserCodeFormat.stored(Attrs.str(item, "user_code_format")));
    }

    private static Duration seconds(Map<String, AttributeValue> item, String name) {
        long s = Attrs.num(item, name, 0);
        return s > 0 ? Duration.ofSeconds(s) : null;
    }

    private record Cached(Client client, long until) {
    }
}
