package dev.cliauth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing key set of each org. The first request that needs keys loads them (one GetItem);
 * when there are none it generates an ES256 key and stores it with a condition, so of several
 * cold functions racing, one writer wins and the others read the winner's key. Nothing is
 * generated during Lambda init.
 */
@Singleton
@Requires(env = "token")
public class SigningKeys implements Primed {

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecureRandom random;
    private final Clock clock;
    private final Map<String, JWKSet> cache = new ConcurrentHashMap<>();

    public SigningKeys(DynamoDbClient dynamo, ServiceSettings settings, SecureRandom random, Clock clock) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.random = random;
        this.clock = clock;
    }

    /** The current signing key (private) of {@code org}. */
    public ECKey current(String org) {
        return (ECKey) keySet(org).getKeys().get(0);
    }

    /** The public keys of {@code org}, current first, for the JWKS endpoint. */
    public JWKSet publicKeys(String org) {
        return keySet(org).toPublicJWKSet();
    }

    /**
     * Throwaway key sets for priming, of the fixture's org and the org-scoped requests' org:
     * generated, served by the stand-in, never stored.
     */
    @Override
    public Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture fixture) {
        return Map.of(Keys.signingKeys(fixture.org()), throwaway(fixture.org()),
                Keys.signingKeys(OrgRepository.PRIMING_ORG), throwaway(OrgRepository.PRIMING_ORG));
    }

    private Map<String, AttributeValue> throwaway(String org) {
        return Map.of(Keys.PK, Attrs.s(Keys.signingKeys(org)), Keys.ORG, Attrs.s(org),
                "jwks", Attrs.s(new JWKSet(generate()).toString(false)), "created_at", Attrs.n(0));
    }

    @Override
    public void forget() {
        cache.clear();
    }

    private JWKSet keySet(String org) {
        JWKSet keys = cache.get(org);
        if (keys == null) {
            keys = loadOrCreate(org);
            cache.put(org, keys);
        }
        return keys;
    }

    private JWKSet loadOrCreate(String org) {
        JWKSet stored = load(org, false);
        if (stored != null) {
            return stored;
        }
        JWKSet fresh = new JWKSet(generate());
        try {
            Dynamo.call("PutItem signing keys", () -> dynamo.putItem(p -> p
                    .tableName(table)
                    .item(Map.of(
                            Keys.PK, Attrs.s(Keys.signingKeys(org)),
                            Keys.ORG, Attrs.s(org),
                            "jwks", Attrs.s(fresh.toString(false)),
                            "created_at", Attrs.n(clock.millis())))
                    .conditionExpression("attribute_not_exists(pk)")));
            return fresh;
        } catch (ConditionalCheckFailedException lostRace) {
            JWKSet winner = load(org, true);
            if (winner == null) {
                throw new DependencyFailure("signing keys vanished after a conditional write", lostRace);
            }
            return winner;
        }
    }

    private JWKSet load(String org, boolean consistent) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem signing keys", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.signingKeys(org))).consistentRead(consistent))).item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        try {
            return JWKSet.parse(Attrs.str(item, "jwks"));
        } catch (ParseException e) {
            throw new IllegalStateException("stored signing keys of org " + org + " are unreadable", e);
        }
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
