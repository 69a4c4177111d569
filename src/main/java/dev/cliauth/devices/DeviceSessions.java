package dev.cliauth.devices;

import dev.cliauth.config.Functions;
import dev.cliauth.refresh.FamilyOrigin;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.token.RevokedAccessTokens;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Your devices" (SPEC §13): the live refresh-token families an account approved, found through the
 * keys-only {@code devices} index (so a refresh, which changes no key, never writes the index), and
 * their revocation: the family dies at once (its next refresh is {@code invalid_grant}) and the
 * access tokens it last issued are recorded revoked.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class DeviceSessions {

    /** The most sessions listed for one account; more than this many live CLI sessions is not a person's. */
    static final int MOST = 100;
    /**
     * The most index keys read for one account: a revoked family leaves the index at once, but an
     * expired one stays until its item's TTL, so an account that signs in a lot can have more keys
     * than live sessions.
     */
    static final int MOST_KEYS = 1000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final RevokedAccessTokens revokedAccessTokens;

    public DeviceSessions(DynamoDbClient dynamo, ServiceSettings settings, RevokedAccessTokens revokedAccessTokens) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.revokedAccessTokens = revokedAccessTokens;
    }

    /**
     * The account's live sessions in {@code org}, newest approval first: one Query of the index and
     * one GetItem per family (the index holds keys only; its reads are eventually consistent, so a
     * family is shown only when its own item says it is alive).
     */
    public List<DeviceSession> of(String org, String subject, long now) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = Dynamo.call("Query devices", () -> dynamo.query(q -> q.tableName(table)
                    .indexName(Keys.DEVICES_INDEX)
                    .keyConditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", Keys.DEVICE_OWNER))
                    .expressionAttributeValues(Map.of(":owner", Attrs.s(Keys.deviceOwner(org, subject))))
                    .exclusiveStartKey(from)));
            keys.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && keys.size() < MOST_KEYS);
        List<DeviceSession> live = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys) {
            if (live.size() >= MOST) {
                break;
            }
            String pk = Attrs.str(key, Keys.PK);
            Map<String, AttributeValue> item = Dynamo.call("GetItem refresh family", () -> dynamo.getItem(g -> g
                    .tableName(table).key(Attrs.key(pk)))).item();
            if (item != null && !item.isEmpty() && alive(item, org, subject, now)) {
                live.add(session(item));
            }
        }
        live.sort(Comparator.comparingLong((DeviceSession d) -> d.origin().approvedAt()).reversed());
        return live;
    }

    /**
     * Revokes the family {@code familyId} of {@code org}; with {@code ownerSubject}, only if that
     * account owns it (null: whoever owns it). One conditional UpdateItem, a strongly consistent
     * GetItem, then a PutItem for each of the two access tokens the family issued last that has not
     * expired yet.
     *
     * @return the family as it was, or empty when there is no such live family (of that owner)
     */
    public Optional<DeviceSession> revoke(String org, String familyId, @Nullable String ownerSubject, String reason,
                                          long now) {
        if (!familyId.matches("[A-Za-z0-9_-]{22}")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":org", Attrs.s(org), ":now", Attrs.n(now),
                ":reason", Attrs.s(reason)));
        String condition = "attribute_exists(pk) AND #org = :org AND attribute_not_exists(revoked_at)"
                + " AND absolute_expires_at > :now";
        if (ownerSubject != null) {
            condition += " AND #owner = :owner";
            values.put(":owner", Attrs.s(Keys.deviceOwner(org, ownerSubject)));
        }
        String checked = condition;
        try {
            // The family leaves the devices index at once (REMOVE of its key): what is listed is what is alive.
            Dynamo.call("UpdateItem revoke device session", () -> dynamo.updateItem(u -> u.tableName(table)
                    .key(Attrs.key(Keys.refreshFamily(familyId)))
                    .updateExpression("SET revoked_at = :now, revoked_reason = :reason REMOVE #owner")
                    .conditionExpression(checked)
                    .expressionAttributeNames(Map.of("#org", Keys.ORG, "#owner", Keys.DEVICE_OWNER))
                    .expressionAttributeValues(values)));
        } catch (ConditionalCheckFailedException e) {
            finishEarlierRevoke(org, familyId, ownerSubject, now);
            return Optional.empty();
        }
        // Read after the revocation, strongly: no rotation can commit after it, so these are the
        // family's last access tokens. (The update returns nothing: its IAM statement lets it name
        // only the revocation's attributes.)
        Map<String, AttributeValue> after = Dynamo.call("GetItem refresh family", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.refreshFamily(familyId))).consistentRead(true))).item();
        if (after == null || after.isEmpty()) {
            return Optional.empty();
        }
        revokedAccessTokens.revokeLastIssued(org, after, now);
        return Optional.of(session(after));
    }

    /**
     * A revoke that found the family revoked already: if it is this owner's, its access tokens are
     * recorded revoked again (idempotent), so a revoke cut short after its first write (a timeout,
     * a throttled put) is finished by the user's next press.
     */
    private void finishEarlierRevoke(String org, String familyId, @Nullable String ownerSubject, long now) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem refresh family", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.refreshFamily(familyId))).consistentRead(true))).item();
        if (item != null && !item.isEmpty() && org.equals(Attrs.str(item, Keys.ORG)) && item.containsKey("revoked_at")
                && (ownerSubject == null || ownerSubject.equals(Attrs.str(item, "subject")))) {
            revokedAccessTokens.revokeLastIssued(org, item, now);
        }
    }

    private static boolean alive(Map<String, AttributeValue> item, String org, String subject, long now) {
        return org.equals(Attrs.str(item, Keys.ORG))
                && Keys.deviceOwner(org, subject).equals(Attrs.str(item, Keys.DEVICE_OWNER))
                && !item.containsKey("revoked_at")
                && Attrs.num(item, "idle_expires_at", 0) > now
                && Attrs.num(item, "absolute_expires_at", 0) > now;
    }

    private static DeviceSession session(Map<String, AttributeValue> item) {
        String pk = Attrs.str(item, Keys.PK);
        FamilyOrigin origin = new FamilyOrigin(Attrs.str(item, "client_name", Attrs.str(item, "client_id")),
                Attrs.str(item, "requester_ip", ""), Attrs.str(item, "requester_agent", ""),
                Attrs.num(item, "approved_at", Attrs.num(item, "created_at", 0)),
                Attrs.str(item, "approved_ip"), Attrs.str(item, "approved_agent"));
        return new DeviceSession(pk.substring("RFAMILY#".length()), Attrs.str(item, "client_id"), origin,
                Attrs.strings(item, "scopes"), Attrs.str(item, "subject"), Attrs.str(item, "email"),
                Attrs.num(item, "last_refresh_at", 0));
    }
}
