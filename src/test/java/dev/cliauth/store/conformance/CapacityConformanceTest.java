package dev.cliauth.store.conformance;

import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.Map;

import static dev.cliauth.store.conformance.Fixture.item;
import static dev.cliauth.store.conformance.Fixture.key;
import static dev.cliauth.store.conformance.Fixture.list;
import static dev.cliauth.store.conformance.Fixture.n;
import static dev.cliauth.store.conformance.Fixture.pk;
import static dev.cliauth.store.conformance.Fixture.put;
import static dev.cliauth.store.conformance.Fixture.s;
import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ReturnConsumedCapacity: its shape on every target, and on the engine the units by DynamoDB's
 * documented rules, which the benchmark's capacity figures and the index-write tests depend on.
 */
class CapacityConformanceTest {

    private static final String FIXED_UNITS = "LocalStack runs Amazon's DynamoDB Local, whose reported units do not"
            + " follow item size; the documented unit rules are pinned on the engine";
    private static final ReturnConsumedCapacity INDEXES = ReturnConsumedCapacity.INDEXES;
    private static final ReturnConsumedCapacity TOTAL = ReturnConsumedCapacity.TOTAL;

    /** An item of exactly {@code bytes} bytes by DynamoDB's size rules: names and string values by UTF-8 length. */
    private static Map<String, AttributeValue> sized(String pk, int bytes) {
        int pad = bytes - "pk".length() - pk.length() - "v".length();
        return item("pk", s(pk), "v", s("x".repeat(pad)));
    }

    private static ConsumedCapacity putCapacity(Store store, Map<String, AttributeValue> item, ReturnConsumedCapacity mode) {
        return store.client().putItem(p -> p.tableName(table(store)).item(item).returnConsumedCapacity(mode)).consumedCapacity();
    }

    /**
     * API Reference, ReturnConsumedCapacity: "TOTAL - The response includes only the aggregate
     * ConsumedCapacity for the operation." "NONE - No ConsumedCapacity details are included in the response."
     */
    @StoreTest
    @DisplayName("TOTAL: the table and its units, no breakdown; NONE: no ConsumedCapacity")
    void totalAndNone(Store store) {
        ConsumedCapacity total = putCapacity(store, item("pk", s(pk("cap-total"))), TOTAL);
        assertThat(total.tableName()).isEqualTo(table(store));
        assertThat(total.capacityUnits()).isPositive();
        assertThat(total.table()).isNull();
        assertThat(total.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(putCapacity(store, item("pk", s(pk("cap-none"))), ReturnConsumedCapacity.NONE)).isNull();
    }

    /**
     * API Reference, ReturnConsumedCapacity: "INDEXES - The response includes the aggregate
     * ConsumedCapacity for the operation, together with ConsumedCapacity for each table and secondary
     * index that was accessed." A write that changes no projected attribute does not access the index.
     */
    @StoreTest
    @DisplayName("INDEXES: a write of an index key names the index; a write of unprojected attributes does not")
    void indexesNamedOnlyWhenWritten(Store store) {
        String pk = pk("cap-index");
        ConsumedCapacity created = putCapacity(store, item("pk", s(pk), "user_code_key", s("default#" + pk),
                "status", s("PENDING"), "polls", n("0")), INDEXES);
        assertThat(created.table().capacityUnits()).isPositive();
        assertThat(created.globalSecondaryIndexes()).containsKey("user_code");

        ConsumedCapacity unprojected = store.client().updateItem(u -> u.tableName(table(store)).key(key(pk))
                .updateExpression("ADD polls :one").expressionAttributeValues(Map.of(":one", n("1")))
                .returnConsumedCapacity(INDEXES)).consumedCapacity();
        assertThat(unprojected.table().capacityUnits()).isPositive();
        assertThat(unprojected.globalSecondaryIndexes()).doesNotContainKey("user_code");

        ConsumedCapacity projected = store.client().updateItem(u -> u.tableName(table(store)).key(key(pk))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", s("DENIED"))).returnConsumedCapacity(INDEXES)).consumedCapacity();
        assertThat(projected.globalSecondaryIndexes()).containsKey("user_code");
    }

    /**
     * Developer Guide, "Read/write capacity mode": "One write request unit represents one write for an
     * item up to 1 KB in size." Developer Guide, "Item sizes and formats": "Strings are Unicode with
     * UTF-8 binary encoding. The size of a string is (number of UTF-8-encoded bytes of attribute name)
     * + (number of UTF-8-encoded bytes)."
     */
    @StoreTest
    @EngineOnly(FIXED_UNITS)
    @DisplayName("writes: 1 unit per started KB of item (1024 B -> 1, 1025 B -> 2, 3000 B -> 3)")
    void writeUnitsPerStartedKilobyte(Store store) {
        assertThat(putCapacity(store, sized(pk("cap-1024"), 1024), TOTAL).capacityUnits()).isEqualTo(1.0);
        assertThat(putCapacity(store, sized(pk("cap-1025"), 1025), TOTAL).capacityUnits()).isEqualTo(2.0);
        assertThat(putCapacity(store, sized(pk("cap-3000"), 3000), TOTAL).capacityUnits()).isEqualTo(3.0);
    }

    /**
     * Developer Guide, "Read/write capacity mode", UpdateItem: "DynamoDB considers the size of the item
     * as it appears before and after the update. The provisioned throughput consumed reflects the
     * larger of these item sizes."
     */
    @StoreTest
    @EngineOnly(FIXED_UNITS)
    @DisplayName("UpdateItem and PutItem consume for the larger of the item before and after")
    void largerOfBeforeAndAfter(Store store) {
        String pk = pk("cap-shrink");
        put(store, sized(pk, 2500));
        double units = store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("REMOVE v")
                .returnConsumedCapacity(TOTAL)).consumedCapacity().capacityUnits();
        assertThat(units).isEqualTo(3.0);
        assertThat(putCapacity(store, item("pk", s(pk)), TOTAL).capacityUnits()).as("small put over a small item").isEqualTo(1.0);
    }

    /**
     * Developer Guide, "Read/write capacity mode": "Transactional write requests require 2 write request
     * units to perform one write for items up to 1 KB." A ConditionCheck is billed as one of them.
     */
    @StoreTest
    @EngineOnly(FIXED_UNITS)
    @DisplayName("TransactWriteItems: 2 units per started KB per action, ConditionCheck included")
    void transactionsCostTwice(Store store) {
        String table = table(store);
        String checked = pk("cap-tx-check");
        put(store, item("pk", s(checked)));
        List<ConsumedCapacity> consumed = store.client().transactWriteItems(t -> t.returnConsumedCapacity(TOTAL).transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(sized(pk("cap-tx-small"), 500))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(sized(pk("cap-tx-big"), 1500))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(checked))
                        .conditionExpression("attribute_exists(pk)")).build())).consumedCapacity();
        assertThat(consumed).singleElement().satisfies(c -> {
            assertThat(c.tableName()).isEqualTo(table);
            assertThat(c.capacityUnits()).isEqualTo(2.0 + 4.0 + 2.0);
        });
    }

    /**
     * Developer Guide, "Provisioned throughput considerations for global secondary indexes": "the total
     * provisioned throughput cost for a write consists of the sum of write capacity units consumed by
     * writing to the base table and those consumed by updating the global secondary indexes."
     */
    @StoreTest
    @EngineOnly(FIXED_UNITS)
    @DisplayName("a small write into the index: table 1 + index 1 = 2 units; a changed index key deletes and puts (2)")
    void indexWritesAdd(Store store) {
        String pk = pk("cap-gsi");
        ConsumedCapacity c = putCapacity(store, item("pk", s(pk), "user_code_key", s("default#A")), INDEXES);
        assertThat(c.table().capacityUnits()).isEqualTo(1.0);
        assertThat(c.globalSecondaryIndexes().get("user_code").capacityUnits()).isEqualTo(1.0);
        assertThat(c.capacityUnits()).isEqualTo(2.0);

        ConsumedCapacity moved = store.client().updateItem(u -> u.tableName(table(store)).key(key(pk))
                .updateExpression("SET user_code_key = :k").expressionAttributeValues(Map.of(":k", s("default#B")))
                .returnConsumedCapacity(INDEXES)).consumedCapacity();
        assertThat(moved.globalSecondaryIndexes().get("user_code").capacityUnits()).isEqualTo(2.0);
    }

    /**
     * Developer Guide, "Read/write capacity mode": "One read request unit represents one strongly
     * consistent read operation per second, or two eventually consistent read operations per second,
     * for an item up to 4 KB in size." A read of an item that does not exist still consumes one.
     */
    @StoreTest
    @EngineOnly(FIXED_UNITS)
    @DisplayName("GetItem: 1 unit per started 4 KB strongly consistent, half eventually consistent, missing item 0.5")
    void readUnits(Store store) {
        String pk = pk("cap-read");
        put(store, sized(pk, 5000));
        double strong = store.client().getItem(g -> g.tableName(table(store)).key(key(pk)).consistentRead(true)
                .returnConsumedCapacity(TOTAL)).consumedCapacity().capacityUnits();
        double eventual = store.client().getItem(g -> g.tableName(table(store)).key(key(pk))
                .returnConsumedCapacity(TOTAL)).consumedCapacity().capacityUnits();
        double missing = store.client().getItem(g -> g.tableName(table(store)).key(key(pk("cap-none")))
                .returnConsumedCapacity(TOTAL)).consumedCapacity().capacityUnits();
        assertThat(strong).isEqualTo(2.0);
        assertThat(eventual).isEqualTo(1.0);
        assertThat(missing).isEqualTo(0.5);
    }

    /**
     * Developer Guide, "Read/write capacity mode": "Query—Reads multiple items that have the same
     * partition key value. All items returned are treated as a single read operation, whereby DynamoDB
     * computes the total size of all items and then rounds up to the next 4 KB boundary." On a GSI the
     * items are the index entries, read eventually consistent.
     */
    @StoreTest
    @EngineOnly(FIXED_UNITS)
    @DisplayName("Query sums its items: three 1.5 KB index entries = 4.5 KB = 2 units, halved = 1.0 on the index")
    void querySumsItemSizes(Store store) {
        String indexKey = "default#" + pk("cap-query");
        for (int i = 0; i < 3; i++) {
            String pk = pk("cap-q" + i);
            int pad = 1536 - "pk".length() - pk.length() - "user_code_key".length() - indexKey.length() - "client_name".length();
            put(store, item("pk", s(pk), "user_code_key", s(indexKey), "client_name", s("c".repeat(pad)),
                    "not_projected", list(s("x".repeat(5000)))));
        }
        ConsumedCapacity c = store.client().query(q -> q.tableName(table(store)).indexName("user_code")
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", "user_code_key"))
                .expressionAttributeValues(Map.of(":k", s(indexKey))).returnConsumedCapacity(INDEXES)).consumedCapacity();
        assertThat(c.capacityUnits()).isEqualTo(1.0);
        assertThat(c.globalSecondaryIndexes().get("user_code").capacityUnits()).isEqualTo(1.0);
    }
}
