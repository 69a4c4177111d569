package dev.cliauth.store.conformance;

import dev.cliauth.local.SamTemplate;
import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.cliauth.store.conformance.Fixture.bool;
import static dev.cliauth.store.conformance.Fixture.item;
import static dev.cliauth.store.conformance.Fixture.key;
import static dev.cliauth.store.conformance.Fixture.list;
import static dev.cliauth.store.conformance.Fixture.n;
import static dev.cliauth.store.conformance.Fixture.pk;
import static dev.cliauth.store.conformance.Fixture.put;
import static dev.cliauth.store.conformance.Fixture.s;
import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sparse {@code user_code} index of template.yaml, INCLUDE projection: what a Query on it
 * returns, and which items are in it at all.
 */
class IndexConformanceTest {

    private static final Set<String> PROJECTED = Set.copyOf(SamTemplate.load().table("t").globalSecondaryIndexes()
            .get(0).projection().nonKeyAttributes());

    private static QueryResponse byUserCode(Store store, String indexKey) {
        return store.client().query(q -> q.tableName(table(store)).indexName("user_code")
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", "user_code_key"))
                .expressionAttributeValues(Map.of(":k", s(indexKey))));
    }

    private static Map<String, AttributeValue> grant(String pk, String indexKey) {
        return item("pk", s(pk), "user_code_key", s(indexKey), "org", s("default"), "user_code", s("BCDFGHJK"),
                "client_name", s("Demo CLI"), "scopes", list(s("openid")), "status", s("PENDING"),
                "created_at", n("1"), "expires_at", n("2"), "requester_ip", s("198.51.100.7"),
                "requester_agent", s("curl/8"), "third_party", bool(false), "next_poll_at", n("3"), "polls", n("0"),
                "interval_s", n("5"));
    }

    /**
     * API Reference, Projection, ProjectionType: "KEYS_ONLY - Only the index and primary keys are
     * projected into the index." "INCLUDE - In addition to the attributes described in KEYS_ONLY, the
     * secondary index will include other non-key attributes that you specify."
     */
    @StoreTest
    @DisplayName("Query on the INCLUDE index returns the table key, the index key and the projected attributes only")
    void queryReturnsProjectedAttributesOnly(Store store) {
        String indexKey = "default#" + pk("code");
        String pk = pk("indexed-grant");
        put(store, grant(pk, indexKey));

        QueryResponse r = byUserCode(store, indexKey);

        assertThat(r.items()).hasSize(1);
        Set<String> expected = new HashSet<>(PROJECTED);
        expected.addAll(List.of("pk", "user_code_key"));
        assertThat(r.items().get(0).keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.items().get(0)).doesNotContainKeys("next_poll_at", "polls", "interval_s");
        assertThat(r.items().get(0)).containsEntry("requester_agent", s("curl/8"));
    }

    /**
     * Developer Guide, "Take advantage of sparse indexes": "For any item in a table, DynamoDB writes a
     * corresponding index entry only if the index sort key value is present in the item." (for a GSI,
     * likewise its partition key). cliauth removes user_code_key once a grant is decided.
     */
    @StoreTest
    @DisplayName("sparse: an item without the index key is not in the index; REMOVE of the key takes it out")
    void sparseIndex(Store store) {
        String indexKey = "default#" + pk("code");
        String pk = pk("sparse-grant");
        Map<String, AttributeValue> withoutKey = grant(pk, indexKey);
        withoutKey.remove("user_code_key");
        put(store, withoutKey);
        assertThat(byUserCode(store, indexKey).items()).isEmpty();

        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET #k = :k")
                .expressionAttributeNames(Map.of("#k", "user_code_key")).expressionAttributeValues(Map.of(":k", s(indexKey))));
        assertThat(byUserCode(store, indexKey).items()).hasSize(1);

        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("REMOVE #k")
                .expressionAttributeNames(Map.of("#k", "user_code_key")));
        assertThat(byUserCode(store, indexKey).items()).isEmpty();
    }

    /**
     * API Reference, Query, Limit: "The maximum number of items to evaluate (not necessarily the number of
     * matching items)." KeyConditionExpression: "The condition must perform an equality test on a
     * single partition key value." Keys of a GSI need not be unique.
     */
    @StoreTest
    @DisplayName("two items with one index key: both found; Limit 1 returns one and a LastEvaluatedKey")
    void duplicateIndexKeysAndLimit(Store store) {
        String indexKey = "default#" + pk("code");
        put(store, grant(pk("dup-a"), indexKey));
        put(store, grant(pk("dup-b"), indexKey));

        assertThat(byUserCode(store, indexKey).items()).hasSize(2);
        QueryResponse first = store.client().query(q -> q.tableName(table(store)).indexName("user_code")
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", "user_code_key"))
                .expressionAttributeValues(Map.of(":k", s(indexKey))).limit(1));
        assertThat(first.items()).hasSize(1);
        assertThat(first.lastEvaluatedKey()).containsKeys("pk", "user_code_key");
        QueryResponse second = store.client().query(q -> q.tableName(table(store)).indexName("user_code")
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", "user_code_key"))
                .expressionAttributeValues(Map.of(":k", s(indexKey))).limit(1).exclusiveStartKey(first.lastEvaluatedKey()));
        assertThat(second.items()).hasSize(1);
        assertThat(second.items().get(0).get("pk")).isNotEqualTo(first.items().get(0).get("pk"));
    }

    /**
     * API Reference, Query, ConsistentRead: "Strongly consistent reads are not supported on global
     * secondary indexes. If you query a global secondary index with ConsistentRead set to true, you
     * will receive a ValidationException."
     */
    @StoreTest
    @DisplayName("Query on a GSI with ConsistentRead=true is a ValidationException")
    void consistentReadOnIndexRefused(Store store) {
        assertThatThrownBy(() -> store.client().query(q -> q.tableName(table(store)).indexName("user_code")
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", "user_code_key"))
                .expressionAttributeValues(Map.of(":k", s("x"))).consistentRead(true)))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(UpdateExpressionConformanceTest.validation(e)).isTrue());
    }

    /** API Reference, DescribeTable, GlobalSecondaryIndexDescription, Projection: as created. */
    @StoreTest
    @DisplayName("DescribeTable shows the index built from template.yaml: INCLUDE with its non-key attributes")
    void describedAsCreated(Store store) {
        GlobalSecondaryIndexDescription index = store.client().describeTable(d -> d.tableName(table(store))).table()
                .globalSecondaryIndexes().get(0);
        assertThat(index.indexName()).isEqualTo("user_code");
        assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(index.projection().nonKeyAttributes()).containsExactlyInAnyOrderElementsOf(PROJECTED);
    }

    /**
     * API Reference, Query, KeyConditionExpression: "You must specify the partition key name and value
     * as an equality condition."
     */
    @StoreTest
    @DisplayName("a key condition on a non-key attribute is a ValidationException")
    void keyConditionOnNonKeyRefused(Store store) {
        assertThatThrownBy(() -> store.client().query(q -> q.tableName(table(store)).indexName("user_code")
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", "client_name"))
                .expressionAttributeValues(Map.of(":k", s("x")))))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(UpdateExpressionConformanceTest.validation(e)).isTrue());
    }

    private static QueryResponse byOwner(Store store, String owner) {
        return store.client().query(q -> q.tableName(table(store)).indexName("devices")
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", "device_owner"))
                .expressionAttributeValues(Map.of(":k", s(owner))));
    }

    /**
     * API Reference, Projection: "KEYS_ONLY - Only the index and primary keys are projected into the
     * index." The {@code devices} index of template.yaml: a Query returns the family's key and owner
     * only; "Your devices" reads each family's own item.
     */
    @StoreTest
    @DisplayName("Query on the KEYS_ONLY devices index returns the table key and the index key only")
    void devicesIndexReturnsKeysOnly(Store store) {
        String owner = "default#" + pk("owner");
        String pk = pk("family");
        put(store, item("pk", s(pk), "device_owner", s(owner), "client_id", s("demo-cli"), "current", s("hash"),
                "revoked_at", n("0")));

        QueryResponse r = byOwner(store, owner);

        assertThat(r.items()).singleElement().satisfies(i -> assertThat(i.keySet()).containsExactlyInAnyOrder("pk", "device_owner"));
    }

    /**
     * API Reference, UpdateItem, UpdateExpression: "REMOVE - Removes one or more attributes from an
     * item." With the sparse index (Developer Guide, sparse indexes), a family whose
     * {@code device_owner} is removed on revocation leaves the index; {@code if_not_exists(path,
     * value)} in a later SET ("If the item does not contain an attribute at the specified path,
     * if_not_exists evaluates to value") puts it back only where it is missing.
     */
    @StoreTest
    @DisplayName("devices index: REMOVE of the owner takes a family out; SET if_not_exists puts it back only when missing")
    void devicesIndexFollowsTheOwnerKey(Store store) {
        String owner = "default#" + pk("owner2");
        String pk = pk("family2");
        put(store, item("pk", s(pk), "device_owner", s(owner), "access_jti", s("j1")));
        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk))
                .updateExpression("SET revoked_at = :now REMOVE device_owner")
                .expressionAttributeValues(Map.of(":now", n("5"))));
        assertThat(byOwner(store, owner).items()).isEmpty();

        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk))
                .updateExpression("SET device_owner = if_not_exists(device_owner, :owner),"
                        + " previous_jti = if_not_exists(access_jti, :none), access_jti = :next")
                .expressionAttributeValues(Map.of(":owner", s(owner), ":none", s(""), ":next", s("j2"))));
        Map<String, AttributeValue> after = store.client().getItem(g -> g.tableName(table(store)).key(key(pk))
                .consistentRead(true)).item();
        assertThat(after).containsEntry("device_owner", s(owner)).containsEntry("previous_jti", s("j1"))
                .containsEntry("access_jti", s("j2"));
        assertThat(byOwner(store, owner).items()).hasSize(1);

        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk))
                .updateExpression("SET device_owner = if_not_exists(device_owner, :other)")
                .expressionAttributeValues(Map.of(":other", s("default#someone-else"))));
        assertThat(byOwner(store, owner).items()).as("an owner already there is kept").hasSize(1);
    }

    private static QueryResponse orgList(Store store, String list, int limit, Map<String, AttributeValue> start) {
        return store.client().query(q -> q.tableName(table(store)).indexName("org_items")
                .keyConditionExpression("#l = :l").expressionAttributeNames(Map.of("#l", "org_list"))
                .expressionAttributeValues(Map.of(":l", s(list))).scanIndexForward(false).limit(limit)
                .exclusiveStartKey(start));
    }

    /**
     * API Reference, Query, ScanIndexForward: "If ScanIndexForward is false, DynamoDB reads the
     * results in reverse order by sort key value". Limit: "The maximum number of items to evaluate
     * (not necessarily the number of matching items). If DynamoDB processes the number of items up
     * to the limit while processing the results, it stops the operation and returns the matching
     * values up to that point, and a key in LastEvaluatedKey to apply in a subsequent operation".
     * The portal reads an org's audit events newest first, a page at a time, from the
     * {@code org_items} index of template.yaml, which projects what the lists show and no secret.
     */
    @StoreTest
    @DisplayName("org_items index: newest first by sort key, paged with LastEvaluatedKey, INCLUDE attributes only")
    void orgItemsIndexReadsNewestFirstInPages(Store store) {
        String list = pk("org") + "#audit";
        for (int i = 1; i <= 3; i++) {
            put(store, item("pk", s(pk("audit" + i)), "org_list", s(list), "org_sort", s("000000000000" + i + "#ab"),
                    "event", s("e" + i), "email", s("a@example.com"), "password_hash", s("not projected")));
        }

        QueryResponse first = orgList(store, list, 2, null);
        QueryResponse second = orgList(store, list, 2, first.lastEvaluatedKey());

        assertThat(first.items()).extracting(i -> i.get("event").s()).containsExactly("e3", "e2");
        assertThat(first.lastEvaluatedKey()).containsOnlyKeys("pk", "org_list", "org_sort");
        assertThat(second.items()).extracting(i -> i.get("event").s()).containsExactly("e1");
        assertThat(first.items().get(0)).doesNotContainKey("password_hash")
                .containsKeys("pk", "org_list", "org_sort", "event", "email");
    }
}
