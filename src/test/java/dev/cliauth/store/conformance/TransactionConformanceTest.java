package dev.cliauth.store.conformance;

import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
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
 * TransactWriteItems with Put, Update, Delete and ConditionCheck: all or nothing, and per action the
 * reason a cancelled transaction gives (grant creation, approval, redemption and the counters use it).
 */
class TransactionConformanceTest {

    /**
     * API Reference, TransactWriteItems: "The actions are completed atomically so that either all of
     * them succeed, or all of them fail." ConditionCheck: "Applies a condition to an item that is not
     * being modified by the transaction."
     */
    @StoreTest
    @DisplayName("Put, Update, Delete and ConditionCheck whose conditions hold: all writes are made")
    void allActionsApplied(Store store) {
        String table = table(store);
        String putKey = pk("tx-put");
        String updateKey = pk("tx-update");
        String deleteKey = pk("tx-delete");
        String checkKey = pk("tx-check");
        put(store, item("pk", s(updateKey), "n", n("1")));
        put(store, item("pk", s(deleteKey)));
        put(store, item("pk", s(checkKey), "disabled", Fixture.bool(false)));

        store.client().transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s(putKey), "v", s("new")))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(updateKey))
                        .updateExpression("ADD n :one").conditionExpression("attribute_exists(n)")
                        .expressionAttributeValues(Map.of(":one", n("1")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(deleteKey))
                        .conditionExpression("attribute_exists(pk)")).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(checkKey))
                        .conditionExpression("disabled = :false").expressionAttributeValues(Map.of(":false", Fixture.bool(false)))).build()));

        assertThat(stored(store, putKey)).containsEntry("v", s("new"));
        assertThat(stored(store, updateKey)).containsEntry("n", n("2"));
        assertThat(stored(store, deleteKey)).isEmpty();
        assertThat(stored(store, checkKey)).isEqualTo(item("pk", s(checkKey), "disabled", Fixture.bool(false)));
    }

    /**
     * API Reference, TransactionCanceledException: DynamoDB cancels a TransactWriteItems request when
     * "A condition in one of the condition expressions is not met"; "Cancellation reason codes and
     * possible error messages: No Errors: Code: None ... Conditional Check Failed: Code:
     * ConditionalCheckFailed, Message: The conditional request failed." CancellationReason, Item:
     * "Item in the request which caused the transaction to get cancelled" (with ALL_OLD).
     */
    @StoreTest
    @DisplayName("second condition fails: TransactionCanceledException, reasons [None, ConditionalCheckFailed + item], nothing written")
    void secondConditionFailsCancelsAll(Store store) {
        String table = table(store);
        String first = pk("tx-first");
        String second = pk("tx-second");
        put(store, item("pk", s(second), "status", s("APPROVED")));

        TransactionCanceledException e = cancelled(() -> store.client().transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s(first)))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(second))
                        .updateExpression("SET #s = :to").conditionExpression("#s = :pending")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":to", s("DENIED"), ":pending", s("PENDING")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build())));

        List<CancellationReason> reasons = e.cancellationReasons();
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0).code()).isEqualTo("None");
        assertThat(reasons.get(1).code()).isEqualTo("ConditionalCheckFailed");
        assertThat(reasons.get(1).item()).isEqualTo(item("pk", s(second), "status", s("APPROVED")));
        assertThat(stored(store, first)).as("the put of the cancelled transaction").isEmpty();
        assertThat(stored(store, second)).containsEntry("status", s("APPROVED"));
    }

    /** CancellationReason, Item: only with ReturnValuesOnConditionCheckFailure=ALL_OLD. */
    @StoreTest
    @DisplayName("failed ConditionCheck without ALL_OLD: reason ConditionalCheckFailed without an item")
    void failedConditionCheckWithoutAllOldCarriesNoItem(Store store) {
        String table = table(store);
        String account = pk("tx-account");
        String grant = pk("tx-grant");
        put(store, item("pk", s(account), "disabled", Fixture.bool(true)));
        put(store, item("pk", s(grant), "status", s("PENDING")));

        TransactionCanceledException e = cancelled(() -> store.client().transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(grant))
                        .updateExpression("SET #s = :to").expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":to", s("APPROVED")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(account))
                        .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)")
                        .expressionAttributeValues(Map.of(":false", Fixture.bool(false)))).build())));

        assertThat(e.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed");
        assertThat(e.cancellationReasons().get(1).hasItem() && !e.cancellationReasons().get(1).item().isEmpty()).isFalse();
        assertThat(stored(store, grant)).containsEntry("status", s("PENDING"));
    }

    /** As above: a ConditionCheck on an item that does not exist fails attribute_exists. */
    @StoreTest
    @DisplayName("ConditionCheck attribute_exists(pk) on a missing item cancels the transaction")
    void conditionCheckOnMissingItemCancels(Store store) {
        String table = table(store);
        String grant = pk("tx-grant-missing-account");
        put(store, item("pk", s(grant), "status", s("PENDING")));

        TransactionCanceledException e = cancelled(() -> store.client().transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(grant))
                        .updateExpression("SET #s = :to").expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":to", s("APPROVED")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(pk("tx-no-account")))
                        .conditionExpression("attribute_exists(pk)")).build())));

        assertThat(e.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed");
        assertThat(stored(store, grant)).containsEntry("status", s("PENDING"));
    }

    /** As above, for every action of a transaction whose conditions all fail: one reason each, in order. */
    @StoreTest
    @DisplayName("three counters, the middle one full: reasons [None, ConditionalCheckFailed, None], no counter moves")
    void countersTakenTogetherOrNotAtAll(Store store) {
        String table = table(store);
        List<String> counters = List.of(pk("tx-counter-a"), pk("tx-counter-b"), pk("tx-counter-c"));
        put(store, item("pk", s(counters.get(0)), "n", n("1")));
        put(store, item("pk", s(counters.get(1)), "n", n("3")));

        TransactionCanceledException e = cancelled(() -> store.client().transactWriteItems(t -> t.transactItems(
                counters.stream().map(c -> TransactWriteItem.builder().update(u -> u.tableName(table).key(key(c))
                        .updateExpression("ADD n :delta SET #ttl = :ttl, #org = :org")
                        .conditionExpression("attribute_not_exists(n) OR n < :limit")
                        .expressionAttributeNames(Map.of("#ttl", "ttl", "#org", "org"))
                        .expressionAttributeValues(Map.of(":delta", n("1"), ":ttl", n("1900000000"), ":org", s("default"),
                                ":limit", n("3")))).build()).toList())));

        assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "ConditionalCheckFailed", "None");
        assertThat(stored(store, counters.get(0))).containsEntry("n", n("1"));
        assertThat(stored(store, counters.get(1))).containsEntry("n", n("3"));
        assertThat(stored(store, counters.get(2))).isEmpty();
    }

    private static TransactionCanceledException cancelled(Runnable call) {
        try {
            call.run();
        } catch (TransactionCanceledException e) {
            return e;
        }
        throw new AssertionError("expected TransactionCanceledException");
    }
}
