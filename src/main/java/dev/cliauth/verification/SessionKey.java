package dev.cliauth.verification;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.config.Functions;
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

/**
 * The HMAC key that signs session cookies and CSRF tokens, shared by every instance of the
 * verification function: loaded from {@code SESSIONKEY#default} on first use, created there
 * (one writer wins) when missing. Never created during init.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class SessionKey implements Primed {

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecureRandom random;
    private volatile byte[] key;

    public SessionKey(DynamoDbClient dynamo, ServiceSettings settings, SecureRandom random) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.random = random;
    }

    public byte[] get() {
        byte[] k = key;
        if (k == null) {
            k = loadOrCreate();
            key = k;
        }
        return k;
    }

    /** A throwaway key for priming: drawn, served by the stand-in, never stored. */
    @Override
    public Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture fixture) {
        byte[] throwaway = new byte[32];
        random.nextBytes(throwaway);
        return Map.of(Keys.sessionKey(fixture.org()), Map.of(
                Keys.PK, Attrs.s(Keys.sessionKey(fixture.org())),
                Keys.ORG, Attrs.s(fixture.org()),
                "key", AttributeValue.fromB(SdkBytes.fromByteArray(throwaway))));
    }

    @Override
    public void forget() {
        key = null;
    }

    private byte[] loadOrCreate() {
        byte[] stored = load(false);
        if (stored != null) {
            return stored;
        }
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        try {
            Dynamo.call("PutItem session key", () -> dynamo.putItem(p -> p
                    .tableName(table)
                    .item(Map.of(Keys.PK, Attrs.s(Keys.sessionKey(Keys.DEFAULT_ORG)),
                            Keys.ORG, Attrs.s(Keys.DEFAULT_ORG),
                            "key", AttributeValue.fromB(SdkBytes.fromByteArray(fresh))))
                    .conditionExpression("attribute_not_exists(pk)")));
            return fresh;
        } catch (ConditionalCheckFailedException lostRace) {
            byte[] winner = load(true);
            if (winner == null) {
                throw new DependencyFailure("session key vanished after a conditional write", lostRace);
            }
            return winner;
        }
    }

    private byte[] load(boolean consistent) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem session key", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.sessionKey(Keys.DEFAULT_ORG))).consistentRead(consistent))).item();
        if (item == null || item.isEmpty() || item.get("key") == null) {
            return null;
        }
        return item.get("key").b().asByteArray();
    }
}
