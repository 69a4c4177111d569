package dev.cliauth.store.conformance;

import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.Map;

import static dev.cliauth.store.conformance.Fixture.item;
import static dev.cliauth.store.conformance.Fixture.key;
import static dev.cliauth.store.conformance.Fixture.n;
import static dev.cliauth.store.conformance.Fixture.pk;
import static dev.cliauth.store.conformance.Fixture.put;
import static dev.cliauth.store.conformance.Fixture.s;
import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ReturnValues of UpdateItem, PutItem and DeleteItem: the poll reads ALL_NEW, slow_down UPDATED_NEW. */
class ReturnValuesConformanceTest {

    private static final String UPDATE = "SET #next = :next ADD polls :one REMOVE gone";

    private static Map<String, AttributeValue> update(Store store, ReturnValue returns) {
        String pk = pk("return-" + returns);
        put(store, item("pk", s(pk), "polls", n("1"), "next_poll_at", n("10"), "gone", s("x"), "kept", s("k")));
        return store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression(UPDATE)
                .expressionAttributeNames(Map.of("#next", "next_poll_at"))
                .expressionAttributeValues(Map.of(":next", n("20"), ":one", n("1"))).returnValues(returns)).attributes();
    }

    /** API Reference, UpdateItem, ReturnValues: "NONE - If ReturnValues is not specified, or if its value is NONE, then nothing is returned." */
    @StoreTest
    @DisplayName("UpdateItem NONE returns no attributes")
    void none(Store store) {
        assertThat(update(store, ReturnValue.NONE)).isEmpty();
    }

    /** API Reference, UpdateItem, ReturnValues: "ALL_OLD - Returns all of the attributes of the item, as they appeared before the UpdateItem operation." */
    @StoreTest
    @DisplayName("UpdateItem ALL_OLD returns the whole item before")
    void allOld(Store store) {
        Map<String, AttributeValue> a = update(store, ReturnValue.ALL_OLD);
        assertThat(a).containsEntry("polls", n("1")).containsEntry("next_poll_at", n("10"))
                .containsEntry("gone", s("x")).containsEntry("kept", s("k")).containsKey("pk");
    }

    /** API Reference, UpdateItem, ReturnValues: "UPDATED_OLD - Returns only the updated attributes, as they appeared before the UpdateItem operation." */
    @StoreTest
    @DisplayName("UpdateItem UPDATED_OLD returns the updated attributes as they were, removed ones included")
    void updatedOld(Store store) {
        assertThat(update(store, ReturnValue.UPDATED_OLD))
                .isEqualTo(item("next_poll_at", n("10"), "polls", n("1"), "gone", s("x")));
    }

    /** API Reference, UpdateItem, ReturnValues: "ALL_NEW - Returns all of the attributes of the item, as they appear after the UpdateItem operation." */
    @StoreTest
    @DisplayName("UpdateItem ALL_NEW returns the whole item after")
    void allNew(Store store) {
        Map<String, AttributeValue> a = update(store, ReturnValue.ALL_NEW);
        assertThat(a).containsEntry("polls", n("2")).containsEntry("next_poll_at", n("20"))
                .containsEntry("kept", s("k")).containsKey("pk").doesNotContainKey("gone");
    }

    /** API Reference, UpdateItem, ReturnValues: "UPDATED_NEW - Returns only the updated attributes, as they appear after the UpdateItem operation." */
    @StoreTest
    @DisplayName("UpdateItem UPDATED_NEW returns only the updated attributes as they are now")
    void updatedNew(Store store) {
        assertThat(update(store, ReturnValue.UPDATED_NEW)).isEqualTo(item("next_poll_at", n("20"), "polls", n("2")));
    }

    /**
     * API Reference, PutItem, ReturnValues: "ALL_OLD - If PutItem overwrote an attribute name-value
     * pair, then the content of the old item is returned." "The values returned are strongly consistent."
     */
    @StoreTest
    @DisplayName("PutItem ALL_OLD returns the replaced item, nothing for a new one; DeleteItem ALL_OLD the deleted item")
    void putAndDeleteAllOld(Store store) {
        String pk = pk("put-return");
        Map<String, AttributeValue> fresh = store.client().putItem(p -> p.tableName(table(store))
                .item(item("pk", s(pk), "v", s("1"))).returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(fresh).isEmpty();
        Map<String, AttributeValue> replaced = store.client().putItem(p -> p.tableName(table(store))
                .item(item("pk", s(pk), "v", s("2"))).returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(replaced).isEqualTo(item("pk", s(pk), "v", s("1")));
        Map<String, AttributeValue> deleted = store.client().deleteItem(d -> d.tableName(table(store)).key(key(pk))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(deleted).isEqualTo(item("pk", s(pk), "v", s("2")));
    }

    /** API Reference, PutItem, ReturnValues: "The ReturnValues parameter is used by several DynamoDB operations; however, PutItem does not recognize any values other than NONE or ALL_OLD." */
    @StoreTest
    @DisplayName("PutItem with ReturnValues ALL_NEW is a ValidationException")
    void putAllNewRefused(Store store) {
        assertThatThrownBy(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk("put-all-new"))))
                .returnValues(ReturnValue.ALL_NEW)))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(UpdateExpressionConformanceTest.validation(e)).isTrue());
    }
}
