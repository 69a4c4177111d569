package dev.cliauth.grant;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.protocol.DependencyFailure;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Device grants in DynamoDB. Each method is one state transition made by one conditional write
 * (a single item or one transaction), so concurrent requests can never both win.
 */
@Singleton
public class GrantRepository implements Primed {

    private static final Map<String, String> POLL_NAMES = Map.of(
            "#polls", GrantItems.POLLS,
            "#budget", GrantItems.POLL_BUDGET,
            "#client", GrantItems.CLIENT_ID,
            "#org", Keys.ORG,
            "#expires", GrantItems.EXPIRES_AT,
            "#next", GrantItems.NEXT_POLL_AT,
            "#gap", GrantItems.POLL_GAP);

    private final DynamoDbClient dynamo;
    private final String table;

    public GrantRepository(DynamoDbClient dynamo, ServiceSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.table();
    }

    /**
     * Two grants that exist only while priming, so a poll, a redemption, a code lookup and a
     * decision run their success paths: one pending (in the user-code index) and one approved.
     */
    @Override
    public Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture f) {
        List<String> scopes = List.of("openid", "email", "profile", "offline_access");
        DeviceGrant pending = new DeviceGrant(DeviceCode.hash(f.pendingDeviceCode()), f.org(), f.userCode(), f.clientId(),
                "Priming", scopes, GrantStatus.PENDING, f.now(), f.now() + 600_000, 5, 4_000, f.now(), 0, 160,
                "192.0.2.1", "cliauth-priming", null, null, null, 0);
        DeviceGrant approved = new DeviceGrant(DeviceCode.hash(f.approvedDeviceCode()), f.org(), "BCDFGHJL", f.clientId(),
                "Priming", scopes, GrantStatus.APPROVED, f.now(), f.now() + 600_000, 5, 4_000, f.now(), 0, 160,
                "192.0.2.1", "cliauth-priming", "priming", f.email(), "Priming", f.now());
        Map<String, AttributeValue> approvedItem = new java.util.HashMap<>(GrantItems.toItem(approved));
        approvedItem.remove(Keys.USER_CODE_KEY);
        return Map.of(Keys.grant(pending.deviceCodeHash()), GrantItems.toItem(pending),
                Keys.grant(approved.deviceCodeHash()), approvedItem);
    }

    @Override
    public void forget() {
        // keeps nothing
    }

    /**
     * Stores a new pending grant and reserves its user code, in one transaction. Returns false,
     * writing nothing, when the user code belongs to another live grant (the caller draws again).
     */
    public boolean create(DeviceGrant grant, long now) {
        return create(grant, now, null, null) == Created.CREATED;
    }

    /** What {@link #create(DeviceGrant, long, TransactWriteItem, TransactWriteItem)} came to. */
    public enum Created { CREATED, CODE_TAKEN, LIMITED }

    /**
     * As {@link #create(DeviceGrant, long)}, with {@code limit} (a counter's take, or null) and
     * {@code audit} (the event's item, or null) in the same transaction: over the limit nothing is
     * written and the answer is {@code LIMITED}.
     */
    public Created create(DeviceGrant grant, long now, @Nullable TransactWriteItem limit, @Nullable TransactWriteItem audit) {
        TransactWriteItem putGrant = TransactWriteItem.builder().put(p -> p
                .tableName(table)
                .item(GrantItems.toItem(grant))
                .conditionExpression("attribute_not_exists(pk)")).build();
        TransactWriteItem reserveCode = TransactWriteItem.builder().put(p -> p
                .tableName(table)
                .item(Map.of(
                        Keys.PK, Attrs.s(Keys.userCodeLock(grant.org(), grant.userCode())),
                        Keys.ORG, Attrs.s(grant.org()),
                        GrantItems.EXPIRES_AT, Attrs.n(grant.expiresAt()),
                        Keys.TTL, Attrs.n(grant.expiresAt() / 1000 + 60)))
                .conditionExpression("attribute_not_exists(pk) OR #expires <= :now")
                .expressionAttributeNames(Map.of("#expires", GrantItems.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":now", Attrs.n(now)))).build();
        List<TransactWriteItem> writes = new java.util.ArrayList<>(List.of(putGrant, reserveCode));
        if (limit != null) {
            writes.add(limit);
        }
        if (audit != null) {
            writes.add(audit);
        }
        try {
            Dynamo.call("TransactWriteItems create grant", () -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
            return Created.CREATED;
        } catch (TransactionCanceledException e) {
            if (Dynamo.cancelledByConditions(e) && limit != null && "ConditionalCheckFailed".equals(Dynamo.reason(e, 2))) {
                return Created.LIMITED;
            }
            if (Dynamo.cancelledByConditions(e) && "ConditionalCheckFailed".equals(Dynamo.reason(e, 1))) {
                return Created.CODE_TAKEN;
            }
            throw new DependencyFailure("grant creation cancelled", e);
        }
    }

    /** What a poll found. */
    public sealed interface Poll {
        /**
         * The poll was on time and recorded; the grant as it is now, and, when it was redeemed and
         * not yet revoked, what its redemption issued (else null).
         */
        record Accepted(DeviceGrant grant, @Nullable Issued unrevoked) implements Poll {
            public Accepted(DeviceGrant grant) {
                this(grant, null);
            }
        }

        /** No such device code. */
        record Unknown() implements Poll { }

        /** The poll was refused; the grant as it was, to say why, and {@code unrevoked} as above. */
        record Refused(DeviceGrant grant, @Nullable Issued unrevoked) implements Poll {
            public Refused(DeviceGrant grant) {
                this(grant, null);
            }
        }
    }

    /**
     * Records a poll by {@code clientId} at {@code now}, if it is that client's live grant and the
     * poll respects the interval (RFC 8628 §3.5). One conditional UpdateItem.
     */
    public Poll poll(String deviceCodeHash, String org, String clientId, long now) {
        try {
            Map<String, AttributeValue> item = Dynamo.call("UpdateItem poll", () -> dynamo.updateItem(u -> u
                    .tableName(table)
                    .key(Attrs.key(Keys.grant(deviceCodeHash)))
                    .updateExpression("SET #next = :now + #gap, last_poll_at = :now ADD #polls :one")
                    .conditionExpression("attribute_exists(pk) AND #client = :client AND #org = :org"
                            + " AND #expires > :now AND #next <= :now AND #polls < #budget")
                    .expressionAttributeNames(POLL_NAMES)
                    .expressionAttributeValues(Map.of(
                            ":now", Attrs.n(now), ":one", Attrs.n(1),
                            ":client", Attrs.s(clientId), ":org", Attrs.s(org)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))).attributes();
            return new Poll.Accepted(GrantItems.fromItem(item), unrevoked(item));
        } catch (ConditionalCheckFailedException e) {
            return e.hasItem() && !e.item().isEmpty()
                    ? new Poll.Refused(GrantItems.fromItem(e.item()), unrevoked(e.item()))
                    : new Poll.Unknown();
        }
    }

    /**
     * Finishes a grant whose poll budget is spent: from now on it is expired for the device and
     * for the verification page (which still finds it by its code, and says so).
     */
    public void finish(DeviceGrant grant, long now) {
        Dynamo.call("UpdateItem finish grant", () -> dynamo.updateItem(u -> u
                .tableName(table)
                .key(Attrs.key(Keys.grant(grant.deviceCodeHash())))
                .updateExpression("SET #expires = :now, finished_at = :now")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#expires", GrantItems.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":now", Attrs.n(now)))));
    }

    /**
     * Adds 5 seconds to the grant's interval for this and every later poll (RFC 8628 §3.5) and
     * returns the new interval in seconds. The too-early poll counts against the poll budget.
     */
    public int slowDown(DeviceGrant grant, long now) {
        return slowDown(grant, now, 5);
    }

    /**
     * Adds {@code stepSeconds} (0 or more) to the grant's interval for this and every later poll
     * and returns the new interval in seconds; the next poll is allowed one new gap from now.
     */
    public int slowDown(DeviceGrant grant, long now, int stepSeconds) {
        long stepMillis = stepSeconds * 1_000L;
        long nextPollAt = now + grant.pollGapMillis() + stepMillis;
        Map<String, AttributeValue> item = Dynamo.call("UpdateItem slow_down", () -> dynamo.updateItem(u -> u
                .tableName(table)
                .key(Attrs.key(Keys.grant(grant.deviceCodeHash())))
                .updateExpression("ADD interval_s :step, poll_gap_ms :stepMs, polls :one SET #next = :next")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#next", GrantItems.NEXT_POLL_AT))
                .expressionAttributeValues(Map.of(
                        ":step", Attrs.n(stepSeconds), ":stepMs", Attrs.n(stepMillis), ":next", Attrs.n(nextPollAt),
                        ":one", Attrs.n(1)))
                .returnValues(ReturnValue.UPDATED_NEW))).attributes();
        return (int) Attrs.num(item, GrantItems.INTERVAL, grant.intervalSeconds() + (long) stepSeconds);
    }

    /** Outcome of redeeming an approved grant. */
    public enum Redemption { REDEEMED, NOT_APPROVED, ACCOUNT_UNAVAILABLE }

    /**
     * Moves an approved grant to REDEEMED, recording the access token id, if the approving account
     * still exists and is enabled: one transaction, so exactly one of any number of concurrent
     * redemptions wins.
     */
    public Redemption redeem(DeviceGrant grant, String accessTokenId, long accessExpiresAt, long now) {
        return redeem(grant, accessTokenId, accessExpiresAt, null, now, List.of());
    }

    /**
     * Redeems as {@link #redeem(DeviceGrant, String, long, long)} does, with {@code alongside} (a refresh
     * token's writes) in the same transaction: they are stored only if the grant is redeemed. The
     * grant keeps what a replay of its device code must revoke: the access token (id and expiry) and
     * the refresh token's family ({@code refreshFamily}, null without one).
     */
    public Redemption redeem(DeviceGrant grant, String accessTokenId, long accessExpiresAt, @Nullable String refreshFamily,
                             long now, List<TransactWriteItem> alongside) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":redeemed", Attrs.s(GrantStatus.REDEEMED.name()),
                ":approved", Attrs.s(GrantStatus.APPROVED.name()),
                ":now", Attrs.n(now), ":jti", Attrs.s(accessTokenId), ":jtiEnd", Attrs.n(accessExpiresAt)));
        String update = "SET #status = :redeemed, redeemed_at = :now, access_jti = :jti, access_expires_at = :jtiEnd";
        if (refreshFamily != null) {
            update += ", " + GrantItems.REFRESH_FAMILY + " = :family";
            values.put(":family", Attrs.s(refreshFamily));
        }
        String set = update;
        TransactWriteItem redeem = TransactWriteItem.builder().update(u -> u
                .tableName(table)
                .key(Attrs.key(Keys.grant(grant.deviceCodeHash())))
                .updateExpression(set)
                .conditionExpression("#status = :approved AND #expires > :now")
                .expressionAttributeNames(Map.of("#status", GrantItems.STATUS, "#expires", GrantItems.EXPIRES_AT))
                .expressionAttributeValues(values)).build();
        TransactWriteItem accountEnabled = accountEnabled(grant.org(), grant.email(), null);
        try {
            List<TransactWriteItem> writes = new java.util.ArrayList<>(List.of(redeem, accountEnabled));
            writes.addAll(alongside);
            Dynamo.call("TransactWriteItems redeem", () -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
            return Redemption.REDEEMED;
        } catch (TransactionCanceledException e) {
            if (!Dynamo.cancelledByConditions(e)) {
                throw new DependencyFailure("redemption cancelled", e);
            }
            return "ConditionalCheckFailed".equals(Dynamo.reason(e, 0)) ? Redemption.NOT_APPROVED : Redemption.ACCOUNT_UNAVAILABLE;
        }
    }

    /**
     * What a redemption issued, as its grant recorded it: the access token's id and expiry (epoch
     * ms; 0 for a grant redeemed before the expiry was recorded, then {@code redeemedAt} tells) and
     * the refresh token's family, if any.
     */
    public record Issued(String accessJti, long accessExpiresAt, long redeemedAt, @Nullable String refreshFamily) {
    }

    /** What {@code item}'s redemption issued, when it is redeemed and not yet revoked after a replay; else null. */
    @Nullable
    private static Issued unrevoked(Map<String, AttributeValue> item) {
        String jti = Attrs.str(item, "access_jti");
        if (!GrantStatus.REDEEMED.name().equals(Attrs.str(item, GrantItems.STATUS)) || item.containsKey("revoked_at")
                || jti == null || jti.isEmpty()) {
            return null;
        }
        return new Issued(jti, Attrs.num(item, "access_expires_at", 0), Attrs.num(item, "redeemed_at", 0),
                Attrs.str(item, GrantItems.REFRESH_FAMILY));
    }

    /**
     * A redeemed device code was presented again, and what its redemption issued has been revoked:
     * marks the grant revoked (SPEC §3.7), once. Written after the tokens' revocation, so a
     * revocation cut short is done again by the next replay, and later replays write nothing.
     */
    public void markRevoked(DeviceGrant grant, long now) {
        try {
            Dynamo.call("UpdateItem revoke replay", () -> dynamo.updateItem(u -> u
                    .tableName(table)
                    .key(Attrs.key(Keys.grant(grant.deviceCodeHash())))
                    .updateExpression("SET revoked_at = :now")
                    .conditionExpression("#status = :redeemed AND attribute_not_exists(revoked_at)")
                    .expressionAttributeNames(Map.of("#status", GrantItems.STATUS))
                    .expressionAttributeValues(Map.of(":now", Attrs.n(now),
                            ":redeemed", Attrs.s(GrantStatus.REDEEMED.name())))));
        } catch (ConditionalCheckFailedException e) {
            // Another replay marked it first.
        }
    }

    /**
     * Grants whose user code is {@code userCode}, read from the sparse GSI (eventually consistent).
     * The index projects only what the verification page needs ({@link GrantItems#fromIndexItem}):
     * the poll state, which every poll rewrites, is not in it, so a poll costs no index write.
     */
    public List<IndexedGrant> findByUserCode(String org, String userCode) {
        return Dynamo.call("Query user code", () -> dynamo.query(q -> q
                        .tableName(table)
                        .indexName(Keys.USER_CODE_INDEX)
                        .keyConditionExpression("#k = :k")
                        .expressionAttributeNames(Map.of("#k", Keys.USER_CODE_KEY))
                        .expressionAttributeValues(Map.of(":k", Attrs.s(Keys.userCodeIndex(org, userCode))))
                        .limit(5)))
                .items().stream().map(GrantItems::fromIndexItem).toList();
    }

    /** Outcome of a decision on the verification page. */
    public enum Decision { DONE, ALREADY_DECIDED, EXPIRED, UNKNOWN, ACCOUNT_UNAVAILABLE }

    /**
     * The grant {@code deviceCodeHash} of {@code org} as stored (a strongly consistent GetItem), for
     * "this wasn't me", whose security event names the device's request; empty when there is none.
     */
    public Optional<DeviceGrant> find(String org, String deviceCodeHash) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem grant", () -> dynamo.getItem(g -> g.tableName(table)
                .key(Attrs.key(Keys.grant(deviceCodeHash))).consistentRead(true))).item();
        if (item == null || item.isEmpty() || !org.equals(Attrs.str(item, Keys.ORG))) {
            return Optional.empty();
        }
        return Optional.of(GrantItems.fromItem(item));
    }

    /** A decision by an account whose email is not verified, without a browser session (tests of the grant alone). */
    public Decision decide(IndexedGrant grant, boolean approve, String subject, String email, @Nullable String name, long now) {
        return decide(grant.org(), grant.deviceCodeHash(), approve, new Approver(subject, email, name, false, null, now), now, null);
    }

    /**
     * Approves a pending, unexpired grant for an enabled account, or denies it: one transaction,
     * so of an approve and a deny racing exactly one takes effect; with {@code sessionId}, only while
     * that browser session still exists in the account (a sign-out racing the decision wins). A
     * refused condition is read back to say why.
     *
     * @param who the account deciding, its session, and when it last entered the password (the tokens' {@code auth_time})
     */
    public Decision decide(String org, String deviceCodeHash, boolean approve, Approver who, long now,
                           @Nullable TransactWriteItem audit) {
        return decide(org, deviceCodeHash, approve, who, now, audit, false);
    }

    /**
     * "This wasn't me": denies the grant like {@link #decide}, and also when {@code who} approved it
     * and the device has not redeemed it yet (an approval the user regrets, from another tab), so
     * the device gets {@code access_denied} instead of tokens. A redeemed grant is not touched.
     */
    public Decision report(String org, String deviceCodeHash, Approver who, long now, @Nullable TransactWriteItem audit) {
        return decide(org, deviceCodeHash, false, who, now, audit, true);
    }

    private Decision decide(String org, String deviceCodeHash, boolean approve, Approver who, long now,
                            @Nullable TransactWriteItem audit, boolean evenIfApprovedByThem) {
        String subject = who.subject();
        String email = who.email();
        String name = who.name();
        String sessionId = who.sessionId();
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(
                ":pending", Attrs.s(GrantStatus.PENDING.name()),
                ":to", Attrs.s((approve ? GrantStatus.APPROVED : GrantStatus.DENIED).name()),
                ":now", Attrs.n(now),
                ":org", Attrs.s(org),
                ":subject", Attrs.s(subject),
                ":email", Attrs.s(email),
                ":name", Attrs.s(name == null ? "" : name),
                ":auth", Attrs.n(who.authTime()),
                ":verified", Attrs.bool(who.emailVerified())));
        if (evenIfApprovedByThem) {
            values.put(":approved", Attrs.s(GrantStatus.APPROVED.name()));
        }
        values.put(":ip", Attrs.s(who.sourceIp() == null ? "" : who.sourceIp()));
        values.put(":agent", Attrs.s(who.userAgent() == null ? "" : cut(who.userAgent())));
        TransactWriteItem update = TransactWriteItem.builder().update(u -> u
                .tableName(table)
                .key(Attrs.key(Keys.grant(deviceCodeHash)))
                .updateExpression("SET #status = :to, decided_at = :now, approved_at = :now, auth_time = :auth,"
                        + " subject = :subject, email = :email, #name = :name, email_verified = :verified,"
                        + " approved_ip = :ip, approved_agent = :agent REMOVE #ucKey")
                .conditionExpression((evenIfApprovedByThem
                        ? "(#status = :pending OR (#status = :approved AND subject = :subject))" : "#status = :pending")
                        + " AND #expires > :now AND #org = :org")
                .expressionAttributeNames(Map.of("#status", GrantItems.STATUS, "#expires", GrantItems.EXPIRES_AT,
                        "#name", "name", "#ucKey", Keys.USER_CODE_KEY, "#org", Keys.ORG))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
        try {
            List<TransactWriteItem> writes = new java.util.ArrayList<>(List.of(update));
            if (approve || sessionId != null) {
                writes.add(accountEnabled(org, email, sessionId));
            }
            if (audit != null) {
                writes.add(audit);
            }
            Dynamo.call(approve ? "TransactWriteItems approve" : "TransactWriteItems deny",
                    () -> dynamo.transactWriteItems(t -> t.transactItems(writes)));
            return Decision.DONE;
        } catch (TransactionCanceledException e) {
            if (!Dynamo.cancelledByConditions(e)) {
                throw new DependencyFailure("decision cancelled", e);
            }
            if (!"ConditionalCheckFailed".equals(Dynamo.reason(e, 0))) {
                return Decision.ACCOUNT_UNAVAILABLE;
            }
            Map<String, AttributeValue> old = e.cancellationReasons().get(0).item();
            if (old == null || old.isEmpty() || !org.equals(Attrs.str(old, Keys.ORG))) {
                return Decision.UNKNOWN;
            }
            DeviceGrant was = GrantItems.fromItem(old);
            return was.status() != GrantStatus.PENDING ? Decision.ALREADY_DECIDED : Decision.EXPIRED;
        }
    }

    /** A user agent as kept with the approval: at most 200 characters. */
    private static String cut(String agent) {
        return agent.length() <= 200 ? agent : agent.substring(0, 200);
    }

    private TransactWriteItem accountEnabled(String org, @Nullable String email, @Nullable String sessionId) {
        String pk = Keys.user(org, email == null ? "" : email);
        return TransactWriteItem.builder().conditionCheck(c -> {
            c.tableName(table).key(Attrs.key(pk)).expressionAttributeValues(Map.of(":false", Attrs.bool(false)));
            if (sessionId == null) {
                c.conditionExpression("attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)");
            } else {
                c.conditionExpression("attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)"
                                + " AND attribute_exists(#sessions.#sid)")
                        .expressionAttributeNames(Map.of("#sessions", "sessions", "#sid", sessionId));
            }
        }).build();
    }
}
