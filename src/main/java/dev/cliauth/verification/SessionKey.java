package dev.cliauth.verification;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HMAC key of each org's pages, which signs its session cookies and CSRF tokens, shared by
 * every instance of the verification function: loaded from {@code SESSIONKEY#<org>} on first use,
 * created there (one writer wins) when missing. Never created during init.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class SessionKey implements Primed {

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecureRandom random;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    public SessionKey(DynamoDbClient dynamo, ServiceSettings settings, SecureRandom random) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.random = random;
    }

    /** The key of {@code org}'s pages. */
    public byte[] get(String org) {
        byte[] k = keys.get(org);
        if (k == null) {
            k = loadOrCreate(org);
            keys.put(org, k);
        }
        return k;
    }

    /** Throwaway keys for priming, of the fixture's org and the org-scoped requests' org: never stored. */
    @Override
    public Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture fixture) {
        return Map.of(Keys.sessionKey(fixture.org()), throwaway(fixture.org()),
                Keys.sessionKey(OrgRepository.PRIMING_ORG), throwaway(OrgRepository.PRIMING_ORG));
    }

    private Map<String, AttributeValue> throwaway(String org) {
        byte[] throwaway = new byte[32];
        random.nextBytes(throwaway);
        return Map.of(Keys.PK, Attrs.s(Keys.sessionKey(org)), Keys.ORG, Attrs.s(org),
                "key", AttributeValue.fromB(SdkBytes.fromByteArray(throwaway)));
    }

    @Override
    public void forget() {
        keys.clear();
    }

    private byte[] loadOrCreate(String org) {
        byte[] stored = load(org, false);
        if (stored != null) {
            return stored;
        }
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        try {
            Dynamo.call("PutItem session key", () -> dynamo.putItem(p -> p
                    .tableName(table)
                    .item(Map.of(Keys.PK, Attrs.s(Keys.sessionKey(org)),
                            Keys.ORG, Attrs.s(org),
                            "key", AttributeValue.fromB(SdkBytes.fromByteArray(fresh))))
                    .conditionExpression("attribute_not_exists(pk)")));
            return fresh;
        } catch (ConditionalCheckFailedException lostRace) {
            byte[] winner = load(org, true);
            if (winner == null) {
                throw new DependencyFailure("session key vanished after a conditional write", lostRace);
            }
            return winner;
        }
    }

    private byte[] load(String org, boolean consistent) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem session key", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.sessionKey(org))).consistentRead(consistent))).item();
        if (item == null || item.isEmpty() || item.get("key") == null) {
            return null;
        }
        return item.get("key").b().asByteArray();
    }
}
