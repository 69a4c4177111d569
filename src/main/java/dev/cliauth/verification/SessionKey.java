package dev.cliauth.verification;

import dev.cliauth.config.Functions;
import dev.cliauth.config.PageSettings;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HMAC keys of each org's pages, which sign its session cookies, CSRF tokens and grant
 * references, shared by every instance of the verification function through
 * {@code SESSIONKEY#<org>}: the current key signs; it and the previous one verify. Loaded on first
 * use and created there (one writer wins) when missing; never created during init.
 *
 * <p>The key rotates every {@code cliauth.pages.session-key-rotation} (default 1 day): the first
 * instance that finds it older moves it to {@code previous} and stores a new one, in one
 * conditional write on the rotation time it read, so of instances racing exactly one rotates and
 * the others read its result. Instances re-read the item every {@link #RELOAD_MILLIS}, so within
 * that time all sign with the new key, while anything signed with the one before still verifies
 * until the next rotation (sessions last 30 minutes, far less than a rotation period).
 */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class SessionKey implements Primed {

    static final long RELOAD_MILLIS = 5 * 60_000L;

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecureRandom random;
    private final Clock clock;
    private final long rotationMillis;
    private final Map<String, Loaded> keys = new ConcurrentHashMap<>();

    public SessionKey(DynamoDbClient dynamo, ServiceSettings settings, SecureRandom random, Clock clock, PageSettings pages) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.random = random;
        this.clock = clock;
        this.rotationMillis = pages.sessionKeyRotation().toMillis();
    }

    /** The keys of an org's pages, as one instance last read them. */
    private record Loaded(byte[] current, @Nullable byte[] previous, long rotatedAt, long readAt) {
    }

    /** The key that signs for {@code org}'s pages. */
    public byte[] get(String org) {
        return loaded(org).current();
    }

    /** The keys whose signatures {@code org}'s pages accept: the current one, then the previous one. */
    public List<byte[]> verifying(String org) {
        Loaded k = loaded(org);
        return k.previous() == null ? List.of(k.current()) : List.of(k.current(), k.previous());
    }

    private Loaded loaded(String org) {
        long now = clock.millis();
        Loaded k = keys.get(org);
        if (k == null || now - k.readAt() >= RELOAD_MILLIS) {
            k = loadOrCreate(org, now);
            if (now - k.rotatedAt() >= rotationMillis) {
                k = rotate(org, k, now);
            }
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
                "key", AttributeValue.fromB(SdkBytes.fromByteArray(throwaway)),
                "rotated_at", Attrs.n(clock.millis()));
    }

    @Override
    public void forget() {
        keys.clear();
    }

    @Override
    public boolean forgetsOnlyReads() {
        return true;
    }

    private Loaded loadOrCreate(String org, long now) {
        Loaded stored = load(org, false, now);
        if (stored != null) {
            return stored;
        }
        byte[] fresh = newKey();
        try {
            Dynamo.call("PutItem session key", () -> dynamo.putItem(p -> p
                    .tableName(table)
                    .item(Map.of(Keys.PK, Attrs.s(Keys.sessionKey(org)),
                            Keys.ORG, Attrs.s(org),
                            "key", AttributeValue.fromB(SdkBytes.fromByteArray(fresh)),
                            "rotated_at", Attrs.n(now)))
                    .conditionExpression("attribute_not_exists(pk)")));
            return new Loaded(fresh, null, now, now);
        } catch (ConditionalCheckFailedException lostRace) {
            return winner(org, now, lostRace);
        }
    }

    /** Moves the current key to previous and stores a new one, unless another instance just did. */
    private Loaded rotate(String org, Loaded seen, long now) {
        byte[] fresh = newKey();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":key", AttributeValue.fromB(SdkBytes.fromByteArray(fresh)),
                ":previous", AttributeValue.fromB(SdkBytes.fromByteArray(seen.current())),
                ":now", Attrs.n(now)));
        String condition;
        if (seen.rotatedAt() > 0) {
            values.put(":seen", Attrs.n(seen.rotatedAt()));
            condition = "rotated_at = :seen";
        } else {
            condition = "attribute_not_exists(rotated_at)";       // an item from before rotation existed
        }
        try {
            Dynamo.call("UpdateItem rotate session key", () -> dynamo.updateItem(u -> u
                    .tableName(table)
                    .key(Attrs.key(Keys.sessionKey(org)))
                    .updateExpression("SET #key = :key, previous = :previous, rotated_at = :now")
                    .conditionExpression("attribute_exists(pk) AND " + condition)
                    .expressionAttributeNames(Map.of("#key", "key"))
                    .expressionAttributeValues(values)));
            return new Loaded(fresh, seen.current(), now, now);
        } catch (ConditionalCheckFailedException lostRace) {
            return winner(org, now, lostRace);
        }
    }

    private Loaded winner(String org, long now, ConditionalCheckFailedException lostRace) {
        Loaded winner = load(org, true, now);
        if (winner == null) {
            throw new DependencyFailure("session key vanished after a conditional write", lostRace);
        }
        return winner;
    }

    private byte[] newKey() {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        return fresh;
    }

    private Loaded load(String org, boolean consistent, long now) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem session key", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.sessionKey(org))).consistentRead(consistent))).item();
        if (item == null || item.isEmpty() || item.get("key") == null) {
            return null;
        }
        AttributeValue previous = item.get("previous");
        return new Loaded(item.get("key").b().asByteArray(), previous == null ? null : previous.b().asByteArray(),
                Attrs.num(item, "rotated_at", 0), now);
    }
}
