package dev.cliauth.store.conformance;

import dev.cliauth.testing.Concurrently;
import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static dev.cliauth.store.conformance.Fixture.item;
import static dev.cliauth.store.conformance.Fixture.key;
import static dev.cliauth.store.conformance.Fixture.n;
import static dev.cliauth.store.conformance.Fixture.pk;
import static dev.cliauth.store.conformance.Fixture.put;
import static dev.cliauth.store.conformance.Fixture.s;
import static dev.cliauth.store.conformance.Fixture.stored;
import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;

/** Conditional writes and transactions under concurrency: no lost update, no partial transaction. */
class AtomicityConformanceTest {

    private static final int THREADS = 8;
    private static final int CALLS = 250;
    private static final int CAP = 500;

    /**
     * API Reference, UpdateItem: "You can also perform a conditional update on an existing item (insert a
     * new attribute name-value pair if it doesn't exist, or replace an existing name-value pair if it has
     * certain expected attribute values)." Each conditional write is atomic: 8 threads making 250
     * increments each, capped at 500 by the condition, end at exactly 500 with exactly 500 successes.
     */
    @StoreTest
    @DisplayName("8 threads x 250 conditional increments capped at 500: exactly 500 succeed, n = 500")
    void conditionalIncrementsNeverOvershoot(Store store) throws Exception {
        String pk = pk("probe");
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                int ok = 0;
                for (int i = 0; i < CALLS; i++) {
                    try {
                        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("ADD n :one")
                                .conditionExpression("attribute_not_exists(n) OR n < :cap")
                                .expressionAttributeValues(Map.of(":one", n("1"), ":cap", n(Integer.toString(CAP)))));
                        ok++;
                    } catch (ConditionalCheckFailedException full) {
                        // the cap was reached
                    }
                }
                return ok;
            });
        }
        int succeeded = Concurrently.run(tasks).stream().mapToInt(Integer::intValue).sum();
        assertThat(succeeded).isEqualTo(CAP);
        assertThat(stored(store, pk)).containsEntry("n", n(Integer.toString(CAP)));
    }

    /**
     * API Reference, TransactWriteItems: "The actions are completed atomically so that either all of them
     * succeed, or all of them fail." Concurrent transfers between two counters, each debit conditional on
     * funds: the total is conserved and no counter goes negative.
     */
    @StoreTest
    @DisplayName("8 threads x 100 transfers between two counters: total conserved, never negative")
    void transactionsAllOrNothingUnderConcurrency(Store store) throws Exception {
        String table = table(store);
        String a = pk("probe-a");
        String b = pk("probe-b");
        put(store, item("pk", s(a), "n", n("50")));
        put(store, item("pk", s(b), "n", n("50")));
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            boolean forward = t % 2 == 0;
            tasks.add(() -> {
                int ok = 0;
                for (int i = 0; i < 100; i++) {
                    String from = forward ? a : b;
                    String to = forward ? b : a;
                    try {
                        store.client().transactWriteItems(x -> x.transactItems(
                                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(from))
                                        .updateExpression("ADD n :minus").conditionExpression("n >= :three")
                                        .expressionAttributeValues(Map.of(":minus", n("-3"), ":three", n("3")))).build(),
                                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(to))
                                        .updateExpression("ADD n :plus").expressionAttributeValues(Map.of(":plus", n("3")))).build()));
                        ok++;
                    } catch (TransactionCanceledException refused) {
                        // not enough funds, or (on DynamoDB) a conflicting transaction
                    }
                }
                return ok;
            });
        }
        int transfers = Concurrently.run(tasks).stream().mapToInt(Integer::intValue).sum();
        long left = Long.parseLong(stored(store, a).get("n").n());
        long right = Long.parseLong(stored(store, b).get("n").n());
        assertThat(left + right).isEqualTo(100);
        assertThat(left).isNotNegative();
        assertThat(right).isNotNegative();
        assertThat(transfers).isPositive();
    }
}
