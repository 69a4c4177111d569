package dev.cliauth.store.conformance;

import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

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

/**
 * How conditions compare: numbers as numbers, strings by their bytes, values of different types
 * never satisfying a comparison, missing attributes never satisfying one. The poll's
 * {@code #next <= :now AND #polls < #budget} and the counters' {@code n < :limit} rest on these.
 */
class ComparisonConformanceTest {

    /** Whether UpdateItem with {@code condition} on an item holding {@code attr} succeeds. */
    private static boolean holds(Store store, AttributeValue attr, String condition, Map<String, AttributeValue> values) {
        String pk = pk("compare");
        put(store, attr == null ? item("pk", s(pk)) : item("pk", s(pk), "a", attr));
        try {
            store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET touched = :t")
                    .conditionExpression(condition)
                    .expressionAttributeValues(merge(values, Map.of(":t", Fixture.bool(true)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            assertThat(stored(store, pk)).doesNotContainKey("touched");
            return false;
        }
    }

    private static Map<String, AttributeValue> merge(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        Map<String, AttributeValue> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }

    /**
     * API Reference, Condition, AttributeValueList: "For type Number, value comparisons are numeric."
     * (AttributeValue, N: "DynamoDB treats them as number type attributes for mathematical operations.")
     */
    @StoreTest
    @DisplayName("numbers compare numerically: 10 < 1.5 is false, -5 < -3 is true, 9 < 10 is true, 1.50 = 1.5")
    void numbersCompareNumerically(Store store) {
        assertThat(holds(store, n("10"), "a < :v", Map.of(":v", n("1.5")))).isFalse();
        assertThat(holds(store, n("-5"), "a < :v", Map.of(":v", n("-3")))).isTrue();
        assertThat(holds(store, n("9"), "a < :v", Map.of(":v", n("10")))).isTrue();
        assertThat(holds(store, n("1.50"), "a = :v", Map.of(":v", n("1.5")))).isTrue();
        assertThat(holds(store, n("1700000000000"), "a <= :v", Map.of(":v", n("1700000000000")))).isTrue();
        assertThat(holds(store, n("1700000000001"), "a <= :v", Map.of(":v", n("1700000000000")))).isFalse();
    }

    /**
     * API Reference, Condition, AttributeValueList: "String value comparisons for greater than, equals,
     * or less than are based on ASCII character code values. For example, a is greater than A, and a
     * is greater than B."
     */
    @StoreTest
    @DisplayName("strings compare by character code: a > A, a > B, ab > a")
    void stringsCompareByCharacterCode(Store store) {
        assertThat(holds(store, s("a"), "a > :v", Map.of(":v", s("A")))).isTrue();
        assertThat(holds(store, s("a"), "a > :v", Map.of(":v", s("B")))).isTrue();
        assertThat(holds(store, s("ab"), "a > :v", Map.of(":v", s("a")))).isTrue();
        assertThat(holds(store, s("APPROVED"), "a = :v", Map.of(":v", s("APPROVED")))).isTrue();
    }

    /**
     * API Reference, Condition, ComparisonOperator: "If an item contains an AttributeValue element of a
     * different type than the one provided in the request, the value does not match. For example,
     * {"S":"6"} does not equal {"N":"6"}."
     */
    @StoreTest
    @DisplayName("values of different types fail the condition: S \"6\" = N 6, S < N, N > S are all false")
    void differentTypesFail(Store store) {
        assertThat(holds(store, s("6"), "a = :v", Map.of(":v", n("6")))).isFalse();
        assertThat(holds(store, s("6"), "a < :v", Map.of(":v", n("7")))).isFalse();
        assertThat(holds(store, n("6"), "a > :v", Map.of(":v", s("5")))).isFalse();
        assertThat(holds(store, Fixture.bool(false), "a = :v", Map.of(":v", s("false")))).isFalse();
    }

    /**
     * Developer Guide, comparisons: "a < b – True if a is less than b", and so on; an attribute the
     * item lacks has no value to compare. The references state no sentence for this case; it is what
     * DynamoDB does, and the poll relies on it (a grant without next_poll_at is never pollable).
     */
    @StoreTest
    @DisplayName("a missing attribute satisfies no comparison: #missing > :v, < :v and = :v are false")
    void missingAttributeFails(Store store) {
        assertThat(holds(store, null, "a > :v", Map.of(":v", n("0")))).isFalse();
        assertThat(holds(store, null, "a < :v", Map.of(":v", n("0")))).isFalse();
        assertThat(holds(store, null, "a = :v", Map.of(":v", n("0")))).isFalse();
    }

    /** Developer Guide, comparisons: a comparison may have attributes on both sides ({@code #polls < #budget}). */
    @StoreTest
    @DisplayName("attribute against attribute: #polls < #budget")
    void attributeAgainstAttribute(Store store) {
        String pk = pk("compare-attrs");
        put(store, item("pk", s(pk), "polls", n("159"), "poll_budget", n("160")));
        String condition = "#polls < #budget";
        Map<String, String> names = Map.of("#polls", "polls", "#budget", "poll_budget");
        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("ADD #polls :one")
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(Map.of(":one", n("1"))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.client().updateItem(u -> u.tableName(table(store))
                        .key(key(pk)).updateExpression("ADD #polls :one").conditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(Map.of(":one", n("1")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(stored(store, pk)).containsEntry("polls", n("160"));
    }

    /**
     * Developer Guide, comparisons: "a BETWEEN b AND c – True if a is greater than or equal to b, and less
     * than or equal to c." "a IN (b, c, d) – True if a is equal to any value in the list".
     */
    @StoreTest
    @DisplayName("BETWEEN is inclusive; IN matches any listed value")
    void betweenAndIn(Store store) {
        assertThat(holds(store, n("5"), "a BETWEEN :lo AND :hi", Map.of(":lo", n("5"), ":hi", n("10")))).isTrue();
        assertThat(holds(store, n("11"), "a BETWEEN :lo AND :hi", Map.of(":lo", n("5"), ":hi", n("10")))).isFalse();
        assertThat(holds(store, s("DENIED"), "a IN (:x, :y)", Map.of(":x", s("APPROVED"), ":y", s("DENIED")))).isTrue();
        assertThat(holds(store, s("PENDING"), "a IN (:x, :y)", Map.of(":x", s("APPROVED"), ":y", s("DENIED")))).isFalse();
    }

    /**
     * Developer Guide, "Supported data types", Number: "Numbers can have up to 38 digits of precision."
     * AttributeValue, N: "Numbers are sent across the network to DynamoDB as strings".
     */
    @StoreTest
    @DisplayName("38-digit numbers are stored and compared exactly")
    void thirtyEightDigits(Store store) {
        String big = "12345678901234567890123456789012345678";
        String bigger = "12345678901234567890123456789012345679";
        assertThat(holds(store, n(big), "a < :v", Map.of(":v", n(bigger)))).isTrue();
        String pk = pk("38-digits");
        put(store, item("pk", s(pk), "a", n(big), "f", n("0.00000000000000000000000000000000000001")));
        assertThat(stored(store, pk).get("a").n()).isEqualTo(big);
        assertThat(new java.math.BigDecimal(stored(store, pk).get("f").n())).isEqualByComparingTo("1E-38");
    }
}
