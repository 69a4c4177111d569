package dev.cliauth.bench;

import dev.cliauth.code.DeviceCode;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor of each endpoint: the same DynamoDB operations its warm request makes (same items,
 * same expressions as {@code GrantRepository}, same return values), sent with the handler's own
 * client and nothing else around them. If {@code GrantRepository} changes its requests, change them
 * here too; the benchmark reports whether the operation names still match what the handler made
 * ({@code latency.<endpoint>.floor_matches_handler_calls}).
 */
final class Floor {

    /** A grant written by the floor: its storage key and normalised user code. */
    record Grant(String hash, String userCode) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecureRandom random = new SecureRandom();

    Floor(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A new grant's identity, drawn outside the timed region. */
    Grant draw() {
        return new Grant(DeviceCode.hash(DeviceCode.generate(random)), UserCodeFormat.DEFAULT.generate(random));
    }

    /**
     * Device authorization: one TransactWriteItems putting the grant, reserving its user code and
     * counting the login against its source's limit.
     */
    void authorize(Grant g) {
        long now = System.currentTimeMillis();
        long expires = now + 600_000;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.grant(g.hash())));
        item.put(Keys.ORG, Attrs.s(Keys.DEFAULT_ORG));
        item.put(Keys.USER_CODE_KEY, Attrs.s(Keys.userCodeIndex(Keys.DEFAULT_ORG, g.userCode())));
        item.put("user_code", Attrs.s(g.userCode()));
        item.put("client_id", Attrs.s("demo-cli"));
        item.put("client_name", Attrs.s("Demo CLI"));
        item.put("scopes", Attrs.list(List.of("openid", "email", "profile")));
        item.put("status", Attrs.s("PENDING"));
        item.put("created_at", Attrs.n(now));
        item.put("expires_at", Attrs.n(expires));
        item.put("interval_s", Attrs.n(5));
        item.put("poll_gap_ms", Attrs.n(4000));
        item.put("next_poll_at", Attrs.n(now));
        item.put("polls", Attrs.n(0));
        item.put("poll_budget", Attrs.n(160));
        item.put("requester_ip", Attrs.s("198.51.100.23"));
        item.put("requester_agent", Attrs.s("demo-cli/1.0 (linux; amd64)"));
        item.put(Keys.TTL, Attrs.n(expires / 1000 + 86_400));
        TransactWriteItem putGrant = TransactWriteItem.builder().put(p -> p
                .tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")).build();
        TransactWriteItem reserveCode = TransactWriteItem.builder().put(p -> p
                .tableName(table)
                .item(Map.of(
                        Keys.PK, Attrs.s(Keys.userCodeLock(Keys.DEFAULT_ORG, g.userCode())),
                        Keys.ORG, Attrs.s(Keys.DEFAULT_ORG),
                        "expires_at", Attrs.n(expires),
                        Keys.TTL, Attrs.n(expires / 1000 + 60)))
                .conditionExpression("attribute_not_exists(pk) OR #expires <= :now")
                .expressionAttributeNames(Map.of("#expires", "expires_at"))
                .expressionAttributeValues(Map.of(":now", Attrs.n(now)))).build();
        long window = 600_000L;
        long start = now - Math.floorMod(now, window);
        TransactWriteItem perSource = TransactWriteItem.builder().update(u -> u
                .tableName(table)
                .key(Attrs.key("RATE#" + Keys.DEFAULT_ORG + "#deviceauth#source#198.51.100.23#" + start))
                .updateExpression("ADD n :one SET #ttl = :ttl, #org = :org")
                .conditionExpression("attribute_not_exists(n) OR n <= :room")
                .expressionAttributeNames(Map.of("#ttl", Keys.TTL, "#org", Keys.ORG))
                .expressionAttributeValues(Map.of(":one", Attrs.n(1), ":ttl", Attrs.n((start + window) / 1000 + 3600),
                        ":org", Attrs.s(Keys.DEFAULT_ORG), ":room", Attrs.n(10_000_000 - 1)))).build();
        dynamo.transactWriteItems(t -> t.transactItems(putGrant, reserveCode, perSource));
    }

    /** A poll (pending, or the first half of a redemption): one conditional UpdateItem returning ALL_NEW. */
    Map<String, AttributeValue> poll(Grant g) {
        long now = System.currentTimeMillis();
        return dynamo.updateItem(u -> u
                .tableName(table)
                .key(Attrs.key(Keys.grant(g.hash())))
                .updateExpression("SET #next = :now + #gap, last_poll_at = :now ADD #polls :one")
                .conditionExpression("attribute_exists(pk) AND #client = :client AND #org = :org"
                        + " AND #expires > :now AND #next <= :now AND #polls < #budget")
                .expressionAttributeNames(Map.of("#client", "client_id", "#org", Keys.ORG,
                        "#expires", "expires_at", "#next", "next_poll_at", "#gap", "poll_gap_ms",
                        "#polls", "polls", "#budget", "poll_budget"))
                .expressionAttributeValues(Map.of(
                        ":now", Attrs.n(now), ":one", Attrs.n(1),
                        ":client", Attrs.s("demo-cli"), ":org", Attrs.s(Keys.DEFAULT_ORG)))
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
    }

    /** The signed-in browser's session check: a strongly consistent read of its account, as Browsers does. */
    void session() {
        dynamo.getItem(g -> g.tableName(table).key(Attrs.key(Keys.user(Keys.DEFAULT_ORG, "demo@example.com")))
                .consistentRead(true));
    }

    /**
     * Code lookup on the page: the session check, take an attempt from three counters (one
     * conditional transaction), Query the user-code index, give the attempt back (one
     * transaction), as Browsers and CodeEntryLimiter do.
     */
    QueryResponse lookup(Grant g) {
        session();
        long now = System.currentTimeMillis();
        List<String> names = List.of("codeentry#ip#198.51.100.23", "codeentry#session#floor", "codeentry#global");
        List<Long> windows = List.of(86_400_000L, 3_600_000L, 3_600_000L);
        dynamo.transactWriteItems(t -> t.transactItems(counters(names, windows, now, 1)));
        QueryResponse found = query(g);
        dynamo.transactWriteItems(t -> t.transactItems(counters(names, windows, now, -1)));
        return found;
    }

    private List<TransactWriteItem> counters(List<String> names, List<Long> windows, long now, int delta) {
        List<TransactWriteItem> updates = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long window = windows.get(i);
            long start = now - Math.floorMod(now, window);
            String key = "RATE#" + Keys.DEFAULT_ORG + "#" + names.get(i) + "#" + start;
            long ttl = (start + window) / 1000 + 3600;
            updates.add(TransactWriteItem.builder().update(u -> u
                    .tableName(table)
                    .key(Attrs.key(key))
                    .updateExpression("ADD n :delta SET #ttl = :ttl, #org = :org")
                    .conditionExpression(delta > 0 ? "attribute_not_exists(n) OR n < :limit" : "attribute_exists(n)")
                    .expressionAttributeNames(Map.of("#ttl", Keys.TTL, "#org", Keys.ORG))
                    .expressionAttributeValues(delta > 0
                            ? Map.of(":delta", Attrs.n(delta), ":ttl", Attrs.n(ttl), ":org", Attrs.s(Keys.DEFAULT_ORG),
                                    ":limit", Attrs.n(1_000_000))
                            : Map.of(":delta", Attrs.n(delta), ":ttl", Attrs.n(ttl), ":org", Attrs.s(Keys.DEFAULT_ORG))))
                    .build());
        }
        return updates;
    }

    /** The user-code index Query alone. */
    QueryResponse query(Grant g) {
        return dynamo.query(q -> q
                .tableName(table)
                .indexName(Keys.USER_CODE_INDEX)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", Keys.USER_CODE_KEY))
                .expressionAttributeValues(Map.of(":k", Attrs.s(Keys.userCodeIndex(Keys.DEFAULT_ORG, g.userCode()))))
                .limit(5));
    }

    /**
     * Approval: the session check, then one TransactWriteItems (decide + account enabled and session alive);
     * the form carries a signed reference to the grant, so there is no lookup.
     */
    void approve(Grant g) {
        session();
        long now = System.currentTimeMillis();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":pending", Attrs.s("PENDING"), ":to", Attrs.s("APPROVED"), ":now", Attrs.n(now),
                ":subject", Attrs.s("demo-user-1"), ":email", Attrs.s("demo@example.com"),
                ":name", Attrs.s("Demo User"), ":org", Attrs.s(Keys.DEFAULT_ORG)));
        TransactWriteItem update = TransactWriteItem.builder().update(u -> u
                .tableName(table)
                .key(Attrs.key(Keys.grant(g.hash())))
                .updateExpression("SET #status = :to, decided_at = :now, approved_at = :now, subject = :subject,"
                        + " email = :email, #name = :name REMOVE #ucKey")
                .conditionExpression("#status = :pending AND #expires > :now AND #org = :org")
                .expressionAttributeNames(Map.of("#status", "status", "#expires", "expires_at",
                        "#name", "name", "#ucKey", Keys.USER_CODE_KEY, "#org", Keys.ORG))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
        dynamo.transactWriteItems(t -> t.transactItems(update, accountEnabled()));
    }

    /** Redemption: the poll UpdateItem, then one TransactWriteItems (redeem + account still enabled). */
    void redeem(Grant g) {
        long now = System.currentTimeMillis();
        dynamo.transactWriteItems(t -> t.transactItems(redeemApproved(g, now), accountEnabled()));
    }

    /** The poll that finds {@code g} approved, then the transaction's update that redeems it. */
    private TransactWriteItem redeemApproved(Grant g, long now) {
        Map<String, AttributeValue> polled = poll(g);
        if (!"APPROVED".equals(Attrs.str(polled, "status"))) {
            throw new IllegalStateException("floor grant not approved");
        }
        return TransactWriteItem.builder().update(u -> u
                .tableName(table)
                .key(Attrs.key(Keys.grant(g.hash())))
                .updateExpression("SET #status = :redeemed, redeemed_at = :now, access_jti = :jti")
                .conditionExpression("#status = :approved AND #expires > :now")
                .expressionAttributeNames(Map.of("#status", "status", "#expires", "expires_at"))
                .expressionAttributeValues(Map.of(
                        ":redeemed", Attrs.s("REDEEMED"), ":approved", Attrs.s("APPROVED"),
                        ":now", Attrs.n(now), ":jti", Attrs.s("bench-" + g.hash().substring(0, 22))))).build();
    }

    /** A refresh family's current token, as the floor wrote it. */
    record Refresh(String family, String tokenHash) {
    }

    /**
     * Redemption that issues a refresh token (the WorkOS path; a client with refresh tokens): the
     * poll UpdateItem, then one TransactWriteItems that also puts the family and its first token.
     */
    Refresh redeemWithRefresh(Grant g) {
        long now = System.currentTimeMillis();
        Refresh refresh = new Refresh(DeviceCode.generate(random).substring(0, 22), DeviceCode.hash(DeviceCode.generate(random)));
        TransactWriteItem redeem = redeemApproved(g, now);
        dynamo.transactWriteItems(t -> t.transactItems(redeem, accountEnabled(), putFamily(refresh, now),
                putToken(refresh.tokenHash(), refresh.family(), now)));
        return refresh;
    }

    /**
     * A refresh: GetItem of the token, then one TransactWriteItems (token marked rotated, family
     * moved to the next token, next token put, account still enabled), as RefreshTokens does.
     */
    Refresh refresh(Refresh current) {
        long now = System.currentTimeMillis();
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(Attrs.key(Keys.refreshToken(current.tokenHash()))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || item.containsKey("rotated_at")) {
            throw new IllegalStateException("floor refresh token not current");
        }
        String next = DeviceCode.hash(DeviceCode.generate(random));
        TransactWriteItem markUsed = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Attrs.key(Keys.refreshToken(current.tokenHash())))
                .updateExpression("SET rotated_at = :now")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(rotated_at)")
                .expressionAttributeValues(Map.of(":now", Attrs.n(now)))).build();
        TransactWriteItem moveFamily = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Attrs.key(Keys.refreshFamily(current.family())))
                .updateExpression("SET #current = :next, last_refresh_at = :now, rotations = rotations + :one,"
                        + " idle_expires_at = :idleEnd")
                .conditionExpression("#current = :old AND attribute_not_exists(revoked_at) AND idle_expires_at > :now"
                        + " AND absolute_expires_at > :now")
                .expressionAttributeNames(Map.of("#current", "current"))
                .expressionAttributeValues(Map.of(":next", Attrs.s(next), ":old", Attrs.s(current.tokenHash()),
                        ":now", Attrs.n(now), ":one", Attrs.n(1), ":idleEnd", Attrs.n(now + 30 * 86_400_000L)))).build();
        dynamo.transactWriteItems(t -> t.transactItems(markUsed, moveFamily, putToken(next, current.family(), now),
                accountEnabled()));
        return new Refresh(current.family(), next);
    }

    private TransactWriteItem putFamily(Refresh r, long now) {
        Map<String, AttributeValue> family = new HashMap<>();
        family.put(Keys.PK, Attrs.s(Keys.refreshFamily(r.family())));
        family.put(Keys.ORG, Attrs.s(Keys.DEFAULT_ORG));
        family.put("client_id", Attrs.s("demo-cli"));
        family.put("subject", Attrs.s("demo-user-1"));
        family.put("email", Attrs.s("demo@example.com"));
        family.put("scopes", Attrs.list(List.of("openid", "email")));
        family.put("current", Attrs.s(r.tokenHash()));
        family.put("created_at", Attrs.n(now));
        family.put("idle_ms", Attrs.n(30 * 86_400_000L));
        family.put("idle_expires_at", Attrs.n(now + 30 * 86_400_000L));
        family.put("absolute_expires_at", Attrs.n(now + 90 * 86_400_000L));
        family.put("rotations", Attrs.n(0));
        family.put(Keys.TTL, Attrs.n(now / 1000 + 91 * 86_400L));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(family)
                .conditionExpression("attribute_not_exists(pk)")).build();
    }

    private TransactWriteItem putToken(String hash, String family, long now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.refreshToken(hash)));
        item.put(Keys.ORG, Attrs.s(Keys.DEFAULT_ORG));
        item.put("family", Attrs.s(family));
        item.put("client_id", Attrs.s("demo-cli"));
        item.put("subject", Attrs.s("demo-user-1"));
        item.put("email", Attrs.s("demo@example.com"));
        item.put("name", Attrs.s("Demo User"));
        item.put("scopes", Attrs.list(List.of("openid", "email")));
        item.put("auth_time", Attrs.n(now));
        item.put("created_at", Attrs.n(now));
        item.put("family_expires_at", Attrs.n(now + 90 * 86_400_000L));
        item.put("idle_ms", Attrs.n(30 * 86_400_000L));
        item.put(Keys.TTL, Attrs.n(now / 1000 + 91 * 86_400L));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")).build();
    }

    private TransactWriteItem accountEnabled() {
        return TransactWriteItem.builder().conditionCheck(c -> c
                .tableName(table)
                .key(Attrs.key(Keys.user(Keys.DEFAULT_ORG, "demo@example.com")))
                .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)")
                .expressionAttributeValues(Map.of(":false", Attrs.bool(false)))).build();
    }
}
