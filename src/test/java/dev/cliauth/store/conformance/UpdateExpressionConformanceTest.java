package dev.cliauth.store.conformance;

import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.util.Map;

import static dev.cliauth.store.conformance.Fixture.item;
import static dev.cliauth.store.conformance.Fixture.key;
import static dev.cliauth.store.conformance.Fixture.list;
import static dev.cliauth.store.conformance.Fixture.n;
import static dev.cliauth.store.conformance.Fixture.pk;
import static dev.cliauth.store.conformance.Fixture.put;
import static dev.cliauth.store.conformance.Fixture.s;
import static dev.cliauth.store.conformance.Fixture.ss;
import static dev.cliauth.store.conformance.Fixture.stored;
import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SET (with arithmetic, if_not_exists, list_append), REMOVE and ADD, as the poll, counters and decisions use them. */
class UpdateExpressionConformanceTest {

    private static void update(Store store, String pk, String expression, Map<String, String> names,
                               Map<String, AttributeValue> values) {
        store.client().updateItem(u -> {
            u.tableName(table(store)).key(key(pk)).updateExpression(expression);
            if (!names.isEmpty()) {
                u.expressionAttributeNames(names);
            }
            if (!values.isEmpty()) {
                u.expressionAttributeValues(values);
            }
        });
    }

    /**
     * API Reference, UpdateItem, UpdateExpression: "ADD - Adds the specified value to the item, if the
     * attribute does not already exist. If the attribute does exist, then the behavior of ADD depends on
     * the data type of the attribute: If the existing attribute is a number, and if Value is also a
     * number, then Value is mathematically added to the existing attribute." "If you use ADD to increment
     * or decrement a number value for an item that doesn't exist before the update, DynamoDB uses 0 as
     * the initial value."
     */
    @StoreTest
    @DisplayName("ADD on a missing item and attribute starts from 0; ADD on a number adds, negative deltas included")
    void addNumbers(Store store) {
        String pk = pk("add");
        update(store, pk, "ADD n :delta", Map.of(), Map.of(":delta", n("1")));
        assertThat(stored(store, pk)).containsEntry("n", n("1"));
        update(store, pk, "ADD n :delta", Map.of(), Map.of(":delta", n("5")));
        update(store, pk, "ADD n :delta", Map.of(), Map.of(":delta", n("-2")));
        assertThat(stored(store, pk)).containsEntry("n", n("4"));
    }

    /**
     * As above: "If the existing data type is a set and if Value is also a set, then Value is added to
     * the existing set."
     */
    @StoreTest
    @DisplayName("ADD on a string set adds the elements")
    void addToSet(Store store) {
        String pk = pk("add-set");
        put(store, item("pk", s(pk), "tags", ss("a", "b")));
        update(store, pk, "ADD tags :more", Map.of(), Map.of(":more", ss("b", "c")));
        assertThat(stored(store, pk).get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c");
    }

    /** As above, ADD: "If the existing attribute is a number, and if Value is also a number" (and only then). */
    @StoreTest
    @DisplayName("ADD a number to a string attribute is a ValidationException and changes nothing")
    void addNumberToStringRefused(Store store) {
        String pk = pk("add-wrong-type");
        put(store, item("pk", s(pk), "n", s("ten")));
        assertThatThrownBy(() -> update(store, pk, "ADD n :one", Map.of(), Map.of(":one", n("1"))))
                .isInstanceOf(DynamoDbException.class).satisfies(e -> assertThat(validation(e)).isTrue());
        assertThat(stored(store, pk)).containsEntry("n", s("ten"));
    }

    /**
     * API Reference, UpdateItem, UpdateExpression: "SET - Adds one or more attributes and values to an
     * item. If any of these attributes already exist, they are replaced by the new values. You can also
     * use SET to add or subtract from an attribute that is of type Number. For example: SET myNum = myNum
     * + :val".
     */
    @StoreTest
    @DisplayName("SET #next = :now + #gap, last = :now ADD #polls :one: arithmetic on an attribute and a value")
    void setArithmetic(Store store) {
        String pk = pk("set-arithmetic");
        put(store, item("pk", s(pk), "poll_gap_ms", n("4000"), "polls", n("2"), "next_poll_at", n("0")));
        update(store, pk, "SET #next = :now + #gap, last_poll_at = :now ADD #polls :one",
                Map.of("#next", "next_poll_at", "#gap", "poll_gap_ms", "#polls", "polls"),
                Map.of(":now", n("1700000000000"), ":one", n("1")));
        assertThat(stored(store, pk)).containsEntry("next_poll_at", n("1700000004000"))
                .containsEntry("last_poll_at", n("1700000000000")).containsEntry("polls", n("3"));

        update(store, pk, "SET polls = polls - :two", Map.of(), Map.of(":two", n("2")));
        assertThat(stored(store, pk)).containsEntry("polls", n("1"));
    }

    /** Developer Guide, update expressions, SET: operands are evaluated against the item before the update. */
    @StoreTest
    @DisplayName("SET a = b, b = a swaps: every operand is read from the item as it was")
    void setReadsTheOldItem(Store store) {
        String pk = pk("set-swap");
        put(store, item("pk", s(pk), "a", s("1"), "b", s("2")));
        update(store, pk, "SET a = b, b = a", Map.of(), Map.of());
        assertThat(stored(store, pk)).containsEntry("a", s("2")).containsEntry("b", s("1"));
    }

    /** Developer Guide, update expressions: arithmetic on an attribute the item does not have is refused. */
    @StoreTest
    @DisplayName("SET x = absent_attr + :v (no such attribute) is a ValidationException")
    void arithmeticOnMissingAttributeRefused(Store store) {
        String pk = pk("set-missing-operand");
        put(store, item("pk", s(pk)));
        assertThatThrownBy(() -> update(store, pk, "SET x = absent_attr + :one", Map.of(), Map.of(":one", n("1"))))
                .isInstanceOf(DynamoDbException.class).satisfies(e -> assertThat(validation(e)).isTrue());
    }

    /**
     * Developer Guide, update expressions, "Preventing overwrites of an existing item": "If you want to
     * avoid overwriting an existing attribute, you can use SET with the if_not_exists function."
     */
    @StoreTest
    @DisplayName("SET r = if_not_exists(r, :now): the first value stays")
    void ifNotExists(Store store) {
        String pk = pk("if-not-exists");
        put(store, item("pk", s(pk), "status", s("REDEEMED")));
        update(store, pk, "SET revoked_at = if_not_exists(revoked_at, :now)", Map.of(), Map.of(":now", n("100")));
        update(store, pk, "SET revoked_at = if_not_exists(revoked_at, :now)", Map.of(), Map.of(":now", n("200")));
        assertThat(stored(store, pk)).containsEntry("revoked_at", n("100"));
    }

    /** Developer Guide, update expressions: "list_append (operand, operand) – evaluates to a list with a new element added to it." */
    @StoreTest
    @DisplayName("SET l = list_append(if_not_exists(l, :empty), :more) appends, in order")
    void listAppend(Store store) {
        String pk = pk("list-append");
        String expression = "SET l = list_append(if_not_exists(l, :empty), :more)";
        update(store, pk, expression, Map.of(), Map.of(":empty", list(), ":more", list(s("a"))));
        update(store, pk, expression, Map.of(), Map.of(":empty", list(), ":more", list(s("b"), s("c"))));
        assertThat(stored(store, pk)).containsEntry("l", list(s("a"), s("b"), s("c")));
    }

    /** API Reference, UpdateItem, UpdateExpression: "REMOVE - Removes one or more attributes from an item." */
    @StoreTest
    @DisplayName("SET ... REMOVE #ucKey: removes the attribute (and a missing one is no error)")
    void remove(Store store) {
        String pk = pk("remove");
        put(store, item("pk", s(pk), "user_code_key", s("default#BCDFGHJK"), "expires_at", n("5")));
        update(store, pk, "SET #expires = :now, finished_at = :now REMOVE #ucKey, never_there",
                Map.of("#expires", "expires_at", "#ucKey", "user_code_key"), Map.of(":now", n("1")));
        assertThat(stored(store, pk)).isEqualTo(item("pk", s(pk), "expires_at", n("1"), "finished_at", n("1")));
    }

    /** Developer Guide, update expressions: SET, REMOVE, ADD and DELETE clauses may appear in any order, each once. */
    @StoreTest
    @DisplayName("ADD before SET (ADD interval_s :five, ... SET #next = :next) in one expression")
    void clausesInAnyOrder(Store store) {
        String pk = pk("clauses");
        put(store, item("pk", s(pk), "interval_s", n("5"), "poll_gap_ms", n("4000"), "polls", n("1")));
        update(store, pk, "ADD interval_s :five, poll_gap_ms :fiveMs, polls :one SET #next = :next",
                Map.of("#next", "next_poll_at"), Map.of(":five", n("5"), ":fiveMs", n("5000"), ":next", n("42"), ":one", n("1")));
        assertThat(stored(store, pk)).containsEntry("interval_s", n("10")).containsEntry("poll_gap_ms", n("9000"))
                .containsEntry("polls", n("2")).containsEntry("next_poll_at", n("42"));
    }

    /** Developer Guide, update expressions: "ADD ... DELETE ... REMOVE ... SET ..." each "can only be used once". */
    @StoreTest
    @DisplayName("two SET clauses in one expression is a ValidationException")
    void clauseTwiceRefused(Store store) {
        String pk = pk("clause-twice");
        assertThatThrownBy(() -> update(store, pk, "SET a = :v SET b = :v", Map.of(), Map.of(":v", s("x"))))
                .isInstanceOf(DynamoDbException.class).satisfies(e -> assertThat(validation(e)).isTrue());
    }

    static boolean validation(Throwable e) {
        return e instanceof DynamoDbException d && d.awsErrorDetails() != null
                && "ValidationException".equals(d.awsErrorDetails().errorCode());
    }
}
