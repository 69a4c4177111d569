package dev.cliauth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.config.TokenSettings;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import dev.cliauth.store.PrimingMode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ES256 signing keys of each org ({@code KEYS#<org>}). The first request that needs them loads
 * them (one GetItem); when there are none it generates a key and stores it with a condition, so of
 * several cold functions racing, one writer wins and the others read its key. Nothing is generated
 * during Lambda init.
 *
 * <p>Keys rotate on a schedule ({@code cliauth.token.signing-key-rotation}, 90 days): the next key
 * is generated and published in the JWKS {@code signing-key-publish-ahead} (1 hour) before it signs,
 * so every verifier that caches the JWKS (it is served with a 5-minute max-age) knows it first; then
 * it signs, and the key before is kept, published, until every token it signed has expired
 * (the longer of the access- and ID-token lifetimes), then dropped. Each step is one conditional
 * write on the item's {@code version}: of instances that find a step due, one takes it and the
 * others read its result. Instances re-read the item every {@link #RELOAD_MILLIS}.
 */
@Singleton
@Requires(env = "token")
public class SigningKeys implements Primed {

    static final long RELOAD_MILLIS = 5 * 60_000L;

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecureRandom random;
    private final Clock clock;
    private final TokenSettings settings;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    private final KmsSigningKey kms;
    private final PrimingMode priming;

    public SigningKeys(DynamoDbClient dynamo, ServiceSettings service, SecureRandom random, Clock clock,
                       TokenSettings settings, @Nullable KmsSigningKey kms, PrimingMode priming) {
        this.kms = kms;
        this.priming = priming;
        this.dynamo = dynamo;
        this.table = service.table();
        this.random = random;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * An org's keys as stored.
     *
     * @param keys        every published key (private parts included), by key id
     * @param current     the key id that signs
     * @param activatedAt when it started signing
     * @param next        the key id published ahead of signing, or null
     * @param nextAt      when it was published
     * @param retired     key ids that signed before, with when they stopped
     * @param version     the item's version (0 for an item from before rotation)
     */
    record State(Map<String, ECKey> keys, String current, long activatedAt, @Nullable String next, long nextAt,
                 Map<String, Long> retired, long version) {
    }

    private record Loaded(State state, long readAt) {
    }

    /** The current signing key (private) of {@code org}. */
    public ECKey current(String org) {
        State s = state(org);
        return s.keys().get(s.current());
    }

    /** What signs a token: the key id its header names, and the signer. */
    public record Signing(String kid, JWSSigner signer) {
    }

    /**
     * What signs {@code org}'s tokens now: the KMS-held key when {@code cliauth.token.kms-key-id} is
     * set (every org's; the issuer tells their tokens apart), else the org's current stored key.
     * While priming, always a stored (throwaway) key: no KMS call goes into a snapshot.
     */
    public Signing signing(String org) {
        if (kmsInUse()) {
            return new Signing(kms.kid(), kms);
        }
        ECKey key = current(org);
        try {
            return new Signing(key.getKeyID(), new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing key unusable", e);
        }
    }

    private boolean kmsInUse() {
        return kms != null && !priming.active();
    }

    /**
     * The public keys of {@code org}: the current one first, then the next and the retired ones
     * still published; with a KMS-held key, that key alone (and no key is generated or stored).
     */
    public JWKSet publicKeys(String org) {
        if (kmsInUse()) {
            return new JWKSet(kms.publicKey());
        }
        State s = state(org);
        List<JWK> published = new ArrayList<>();
        published.add(s.keys().get(s.current()));
        if (s.next() != null) {
            published.add(s.keys().get(s.next()));
        }
        s.retired().keySet().forEach(kid -> published.add(s.keys().get(kid)));
        return new JWKSet(published).toPublicJWKSet();
    }

    /**
     * Throwaway key sets for priming, of the fixture's org and the org-scoped requests' org:
     * generated, served by the stand-in, never stored; activated now, so no rotation is due.
     */
    @Override
    public Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture fixture) {
        return Map.of(Keys.signingKeys(fixture.org()), throwaway(fixture.org()),
                Keys.signingKeys(OrgRepository.PRIMING_ORG), throwaway(OrgRepository.PRIMING_ORG));
    }

    private Map<String, AttributeValue> throwaway(String org) {
        ECKey key = generate();
        return item(org, new State(Map.of(key.getKeyID(), key), key.getKeyID(), clock.millis(), null, 0, Map.of(), 1));
    }

    @Override
    public void forget() {
        cache.clear();
    }

    @Override
    public boolean forgetsOnlyReads() {
        return true;
    }

    private State state(String org) {
        long now = clock.millis();
        Loaded loaded = cache.get(org);
        if (loaded == null || now - loaded.readAt() >= RELOAD_MILLIS) {
            State s = loadOrCreate(org, now);
            State maintained = maintain(s, now);
            if (maintained != s) {
                s = store(org, maintained, s.version(), now);
            }
            loaded = new Loaded(s, now);
            cache.put(org, loaded);
        }
        return loaded.state();
    }

    /** The state after the steps that are due at {@code now}, or {@code s} itself when none is. */
    State maintain(State s, long now) {
        long rotation = settings.signingKeyRotation().toMillis();
        long ahead = settings.signingKeyPublishAhead().toMillis();
        Map<String, ECKey> keys = new LinkedHashMap<>(s.keys());
        Map<String, Long> retired = new LinkedHashMap<>(s.retired());
        String current = s.current();
        long activatedAt = s.activatedAt();
        String next = s.next();
        long nextAt = s.nextAt();
        boolean changed = false;
        if (next != null && now >= activatedAt + rotation && now >= nextAt + ahead) {
            retired.put(current, now);
            current = next;
            activatedAt = now;
            next = null;
            nextAt = 0;
            changed = true;
        }
        if (next == null && now >= activatedAt + rotation - ahead) {
            ECKey fresh = generate();
            keys.put(fresh.getKeyID(), fresh);
            next = fresh.getKeyID();
            nextAt = now;
            changed = true;
        }
        // An instance that read the state just before the rotation keeps signing with the old key
        // until its next read: its last tokens expire up to RELOAD_MILLIS after the others.
        long keep = settings.longestTokenTtl().toMillis() + RELOAD_MILLIS;
        for (Map.Entry<String, Long> r : new ArrayList<>(retired.entrySet())) {
            if (now >= r.getValue() + keep) {
                retired.remove(r.getKey());
                keys.remove(r.getKey());
                changed = true;
            }
        }
        return changed ? new State(keys, current, activatedAt, next, nextAt, retired, s.version() + 1) : s;
    }

    private State loadOrCreate(String org, long now) {
        State stored = load(org, false);
        if (stored != null) {
            return stored;
        }
        ECKey key = generate();
        State fresh = new State(Map.of(key.getKeyID(), key), key.getKeyID(), now, null, 0, Map.of(), 1);
        try {
            Dynamo.call("PutItem signing keys", () -> dynamo.putItem(p -> p.tableName(table).item(item(org, fresh))
                    .conditionExpression("attribute_not_exists(pk)")));
            return fresh;
        } catch (ConditionalCheckFailedException lostRace) {
            return winner(org, lostRace);
        }
    }

    /** Stores the next state if the item is still at {@code seenVersion}; else the state another instance stored. */
    private State store(String org, State next, long seenVersion, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (seenVersion > 0) {
            values.put(":seen", Attrs.n(seenVersion));
            condition = "version = :seen";
        } else {
            condition = "attribute_exists(pk) AND attribute_not_exists(version)";
        }
        try {
            Dynamo.call("PutItem rotate signing keys", () -> dynamo.putItem(p -> {
                p.tableName(table).item(item(org, next)).conditionExpression(condition);
                if (!values.isEmpty()) {
                    p.expressionAttributeValues(values);
                }
            }));
            return next;
        } catch (ConditionalCheckFailedException lostRace) {
            return winner(org, lostRace);
        }
    }

    private State winner(String org, ConditionalCheckFailedException lostRace) {
        State winner = load(org, true);
        if (winner == null) {
            throw new DependencyFailure("signing keys vanished after a conditional write", lostRace);
        }
        return winner;
    }

    private State load(String org, boolean consistent) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem signing keys", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.signingKeys(org))).consistentRead(consistent))).item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        try {
            Map<String, ECKey> keys = new LinkedHashMap<>();
            for (JWK jwk : JWKSet.parse(Attrs.str(item, "jwks")).getKeys()) {
                keys.put(jwk.getKeyID(), jwk.toECKey());
            }
            String current = Attrs.str(item, "current_kid", keys.keySet().iterator().next());
            Map<String, Long> retired = new LinkedHashMap<>();
            AttributeValue r = item.get("retired");
            if (r != null && r.hasM()) {
                r.m().forEach((kid, at) -> retired.put(kid, Long.parseLong(at.n())));
            }
            return new State(keys, current, Attrs.num(item, "activated_at", Attrs.num(item, "created_at", 0)),
                    Attrs.str(item, "next_kid"), Attrs.num(item, "next_at", 0), retired, Attrs.num(item, "version", 0));
        } catch (ParseException | RuntimeException e) {
            throw new IllegalStateException("stored signing keys of org " + org + " are unreadable", e);
        }
    }

    private static Map<String, AttributeValue> item(String org, State s) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.signingKeys(org)));
        item.put(Keys.ORG, Attrs.s(org));
        item.put("jwks", Attrs.s(new JWKSet(new ArrayList<>(s.keys().values())).toString(false)));
        item.put("current_kid", Attrs.s(s.current()));
        item.put("activated_at", Attrs.n(s.activatedAt()));
        item.put("created_at", Attrs.n(s.activatedAt()));
        if (s.next() != null) {
            item.put("next_kid", Attrs.s(s.next()));
            item.put("next_at", Attrs.n(s.nextAt()));
        }
        Map<String, AttributeValue> retired = new HashMap<>();
        s.retired().forEach((kid, at) -> retired.put(kid, Attrs.n(at)));
        item.put("retired", AttributeValue.fromM(retired));
        item.put("version", Attrs.n(s.version()));
        return item;
    }

    private ECKey generate() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .secureRandom(random)
                    .generate();
            return new ECKey.Builder(key).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an ES256 key", e);
        }
    }
}
