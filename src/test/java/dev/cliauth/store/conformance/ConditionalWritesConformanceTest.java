package dev.cliauth.store.conformance;

import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.Map;

import static dev.cliauth.store.conformance.Fixture.item;
import static dev.cliauth.store.conformance.Fixture.key;
import static dev.cliauth.store.conformance.Fixture.n;
import static dev.cliauth.store.conformance.Fixture.pk;
import static dev.cliauth.store.conformance.Fixture.put;
import static dev.cliauth.store.conformance.Fixture.s;
import static dev.cliauth.store.conformance.Fixture.stored;
import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conditional PutItem, UpdateItem and DeleteItem, and what a refused write returns: the grant state
 * machine, the signing keys and the session key depend on each.
 */
class ConditionalWritesConformanceTest {

    private static final ReturnValuesOnConditionCheckFailure ALL_OLD = ReturnValuesOnConditionCheckFailure.ALL_OLD;

    /**
     * API Reference, PutItem, ConditionExpression: "A condition that must be satisfied in order for a
     * conditional PutItem operation to succeed." Developer Guide, functions: attribute_not_exists(path)
     * is "True if the attribute specified by path does not exist in the item."
     */
    @StoreTest
    @DisplayName("PutItem attribute_not_exists(pk): the first writer wins, the second is refused and writes nothing")
    void putIfAbsentOnceThenRefused(Store store) {
        String pk = pk("put-if-absent");
        store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk), "v", s("first")))
                .conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk), "v", s("second")))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(stored(store, pk)).containsEntry("v", s("first"));
    }

    /**
     * API Reference, PutItem, ReturnValuesOnConditionCheckFailure: "An optional parameter that returns
     * the item attributes for a PutItem operation that failed a condition check."
     * ConditionalCheckFailedException, Item: "Item which caused the ConditionalCheckFailedException."
     */
    @StoreTest
    @DisplayName("refused PutItem with ReturnValuesOnConditionCheckFailure=ALL_OLD: the exception carries the stored item")
    void refusedPutCarriesOldItem(Store store) {
        String pk = pk("put-all-old");
        put(store, item("pk", s(pk), "v", s("stored"), "n", n("7")));

        ConditionalCheckFailedException e = catchConditionFailure(() -> store.client().putItem(p -> p
                .tableName(table(store)).item(item("pk", s(pk), "v", s("new")))
                .conditionExpression("attribute_not_exists(pk)").returnValuesOnConditionCheckFailure(ALL_OLD)));

        assertThat(e.item()).isEqualTo(item("pk", s(pk), "v", s("stored"), "n", n("7")));
    }

    /** API Reference, UpdateItem, ReturnValuesOnConditionCheckFailure: as for PutItem, for a failed UpdateItem. */
    @StoreTest
    @DisplayName("refused UpdateItem with ALL_OLD: the exception carries the item as it was, and nothing changed")
    void refusedUpdateCarriesOldItem(Store store) {
        String pk = pk("update-all-old");
        put(store, item("pk", s(pk), "status", s("APPROVED")));

        ConditionalCheckFailedException e = catchConditionFailure(() -> store.client().updateItem(u -> u
                .tableName(table(store)).key(key(pk))
                .updateExpression("SET #status = :to").conditionExpression("#status = :pending")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":to", s("DENIED"), ":pending", s("PENDING")))
                .returnValuesOnConditionCheckFailure(ALL_OLD)));

        assertThat(e.item()).containsEntry("status", s("APPROVED"));
        assertThat(stored(store, pk)).containsEntry("status", s("APPROVED"));
    }

    /**
     * ConditionalCheckFailedException, Item: returned only when there was an item. A refused write on
     * a missing item carries none, which is how GrantRepository tells "unknown" from "refused".
     */
    @StoreTest
    @DisplayName("refused UpdateItem with ALL_OLD on a missing item: no item in the exception, and no item created")
    void refusedUpdateOfMissingItemCarriesNoItem(Store store) {
        String pk = pk("update-missing");

        ConditionalCheckFailedException e = catchConditionFailure(() -> store.client().updateItem(u -> u
                .tableName(table(store)).key(key(pk))
                .updateExpression("SET v = :v").conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":v", s("x"))).returnValuesOnConditionCheckFailure(ALL_OLD)));

        assertThat(e.hasItem() && !e.item().isEmpty()).isFalse();
        assertThat(stored(store, pk)).isEmpty();
    }

    /** Developer Guide, functions: attribute_exists(path) is "True if the item contains the attribute specified by path." */
    @StoreTest
    @DisplayName("PutItem attribute_exists(pk) on a missing item fails and writes nothing")
    void putIfExistsOnMissingItemFails(Store store) {
        String pk = pk("put-if-exists");
        assertThatThrownBy(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk)))
                .conditionExpression("attribute_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(stored(store, pk)).isEmpty();
    }

    /**
     * API Reference, UpdateItem: "Edits an existing item's attributes, or adds a new item to the table
     * if it does not already exist." With attribute_not_exists(pk) on a missing item the condition holds.
     */
    @StoreTest
    @DisplayName("UpdateItem attribute_not_exists(pk) on a missing item succeeds and creates it with its key")
    void updateIfAbsentCreatesItem(Store store) {
        String pk = pk("update-if-absent");
        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET v = :v")
                .conditionExpression("attribute_not_exists(pk)").expressionAttributeValues(Map.of(":v", s("created"))));

        assertThat(stored(store, pk)).isEqualTo(item("pk", s(pk), "v", s("created")));
    }

    /** API Reference, DeleteItem, ConditionExpression: "A condition that must be satisfied in order for a conditional DeleteItem to succeed." */
    @StoreTest
    @DisplayName("DeleteItem with a false condition fails, keeps the item, and with ALL_OLD carries it")
    void deleteWithFalseConditionKeepsItem(Store store) {
        String pk = pk("delete-false");
        put(store, item("pk", s(pk), "status", s("REDEEMED")));

        ConditionalCheckFailedException e = catchConditionFailure(() -> store.client().deleteItem(d -> d
                .tableName(table(store)).key(key(pk)).conditionExpression("#s = :pending")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":pending", s("PENDING")))
                .returnValuesOnConditionCheckFailure(ALL_OLD)));

        assertThat(e.item()).containsEntry("status", s("REDEEMED"));
        assertThat(stored(store, pk)).containsEntry("status", s("REDEEMED"));
    }

    /** API Reference, DeleteItem: "Deletes a single item in a table by primary key." */
    @StoreTest
    @DisplayName("DeleteItem with a true condition deletes the item")
    void deleteWithTrueConditionDeletes(Store store) {
        String pk = pk("delete-true");
        put(store, item("pk", s(pk), "status", s("PENDING")));

        store.client().deleteItem(d -> d.tableName(table(store)).key(key(pk)).conditionExpression("#s = :pending")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":pending", s("PENDING"))));

        assertThat(stored(store, pk)).isEmpty();
    }

    /**
     * Developer Guide, condition expressions: AND, OR, NOT and parentheses combine conditions
     * ("condition AND condition | condition OR condition | NOT condition | ( condition )"), NOT binding
     * tighter than AND, AND tighter than OR. The account check of an approval uses exactly this shape.
     */
    @StoreTest
    @DisplayName("attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false): precedence and grouping")
    void logicalOperatorsAndGrouping(Store store) {
        String enabled = pk("account-enabled");
        String absent = pk("account-flag-absent");
        String disabled = pk("account-disabled");
        put(store, item("pk", s(enabled), "disabled", Fixture.bool(false)));
        put(store, item("pk", s(absent)));
        put(store, item("pk", s(disabled), "disabled", Fixture.bool(true)));
        String condition = "attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)";

        for (String pk : new String[]{enabled, absent}) {
            store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET checked = :false")
                    .conditionExpression(condition).expressionAttributeValues(Map.of(":false", Fixture.bool(false))));
        }
        for (String pk : new String[]{disabled, pk("account-missing")}) {
            assertThatThrownBy(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk))
                    .updateExpression("SET checked = :false").conditionExpression(condition)
                    .expressionAttributeValues(Map.of(":false", Fixture.bool(false)))))
                    .as(pk).isInstanceOf(ConditionalCheckFailedException.class);
        }
        assertThatThrownBy(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(enabled))
                .updateExpression("SET checked = :false").conditionExpression("NOT attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":false", Fixture.bool(false)))))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    private static ConditionalCheckFailedException catchConditionFailure(Runnable call) {
        try {
            call.run();
        } catch (ConditionalCheckFailedException e) {
            return e;
        }
        throw new AssertionError("expected ConditionalCheckFailedException");
    }
}
