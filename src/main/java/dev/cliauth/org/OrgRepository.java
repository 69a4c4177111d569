package dev.cliauth.org;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import dev.cliauth.web.WebRequest;
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
 * Reads orgs ({@code ORG#id}). The default org exists without a record. A warm function keeps
 * what it read for {@code cliauth.client.cache-ttl}: orgs that exist and ids that do not, in two
 * bounded maps, so made-up org ids cost one read each and can push out only other made-up ids,
 * never a real org.
 */
@Singleton
public class OrgRepository implements Primed {

    /** An org that exists only while priming, for the org-scoped priming requests. */
    public static final String PRIMING_ORG = "cliauth-priming";

    private static final int MAX_CACHED = 1_000;
    /** An org item's flag: its people sign in with company sign-in only (absent: passwords work too). */
    public static final String PASSWORDS_OFF = "passwords_off";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final long cacheTtlMillis;
    private final Map<String, Cached> known = new ConcurrentHashMap<>();
    private final Map<String, Long> unknown = new ConcurrentHashMap<>();

    public OrgRepository(DynamoDbClient dynamo, ServiceSettings settings, Clock clock,
                         @Value("${cliauth.client.cache-ttl:30s}") Duration cacheTtl) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.clock = clock;
        this.cacheTtlMillis = cacheTtl.toMillis();
    }

    /** The org {@code id}, if it is a well-formed id of an org that exists and is not disabled. */
    public Optional<Org> find(String id) {
        if (OrgId.DEFAULT.equals(id)) {
            return Optional.of(Org.DEFAULT);
        }
        if (!OrgId.valid(id)) {
            return Optional.empty();
        }
        long now = clock.millis();
        Cached cached = known.get(id);
        if (cached != null && cached.until > now) {
            return Optional.of(cached.org);
        }
        Long absentUntil = unknown.get(id);
        if (absentUntil != null && absentUntil > now) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = Dynamo.call("GetItem org", () ->
                dynamo.getItem(b -> b.tableName(table).key(Attrs.key(Keys.org(id))))).item();
        long until = now + cacheTtlMillis;
        if (item == null || item.isEmpty() || Attrs.flag(item, "disabled")) {
            if (unknown.size() >= MAX_CACHED) {
                unknown.clear();
            }
            unknown.put(id, until);
            known.remove(id);
            return Optional.empty();
        }
        long ttl = Attrs.num(item, "code_ttl_s", 0);
        long interval = Attrs.num(item, "interval_s", 0);
        Org org = new Org(id, Attrs.str(item, "name", id), ttl > 0 ? Duration.ofSeconds(ttl) : null,
                interval > 0 ? Duration.ofSeconds(interval) : null, UserCodeFormat.stored(Attrs.str(item, "user_code_format")),
                seconds(item, "reauth_s"), seconds(item, "audit_retention_s"), Attrs.str(item, "logo_url"),
                Attrs.str(item, "accent"), !Attrs.flag(item, PASSWORDS_OFF));
        if (known.size() >= MAX_CACHED) {
            known.clear();
        }
        known.put(id, new Cached(org, until));
        unknown.remove(id);
        return Optional.of(org);
    }

    private static Duration seconds(Map<String, AttributeValue> item, String name) {
        long s = Attrs.num(item, name, 0);
        return s > 0 ? Duration.ofSeconds(s) : null;
    }

    /** The org a request's path names ({@link OrgId#ofPath}), or {@link UnknownOrg} (answered 404). */
    public Org of(WebRequest request) {
        return require(OrgId.ofPath(request.path()));
    }

    /** The org {@code id}, or {@link UnknownOrg} (answered 404). */
    public Org require(String id) {
        return find(id).orElseThrow(UnknownOrg::new);
    }

    /** The org priming's org-scoped requests name: served by the stand-in, never stored. */
    @Override
    public Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture fixture) {
        String pk = Keys.org(PRIMING_ORG);
        return Map.of(pk, Map.of(Keys.PK, Attrs.s(pk), Keys.ORG, Attrs.s(PRIMING_ORG), "name", Attrs.s("Priming")));
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

    private record Cached(Org org, long until) {
    }
}
