package dev.cliauth.store;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.protocol.DependencyFailure;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed-window counters in the table ({@code RATE#...}), expired by TTL. Several counters are
 * taken together in one transaction, each only while below its limit, so concurrent requests can
 * never exceed a limit: the check and the increment are one atomic conditional write.
 */
@Singleton
public class Counters {

    private final DynamoDbClient dynamo;
    private final String table;

    public Counters(DynamoDbClient dynamo, ServiceSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.table();
    }

    /**
     * One counter: its key (without window), limit, window length and what one take costs.
     *
     * @param name         e.g. {@code codeentry#ip#192.0.2.1}
     * @param limit        most units per window
     * @param windowMillis window length
     * @param cost         units one take adds: 1 to count events, more to weigh them (at most {@code limit})
     */
    public record Counter(String org, String name, long limit, long windowMillis, long cost) {

        public Counter {
            if (cost < 1 || cost > limit) {
                throw new IllegalArgumentException("counter cost must be 1.." + limit + ", got " + cost);
            }
        }

        /** A counter of events: each take adds one. */
        public Counter(String org, String name, long limit, long windowMillis) {
            this(org, name, limit, windowMillis, 1);
        }

        long windowStart(long now) {
            return now - Math.floorMod(now, windowMillis);
        }

        /** How long from {@code now} until this counter's window ends (and it is empty again). */
        public long untilWindowEnds(long now) {
            return windowStart(now) + windowMillis - now;
        }

        String key(long now) {
            return "RATE#" + org + "#" + name + "#" + windowStart(now);
        }
    }

    /**
     * Takes its cost from every counter, or nothing. Returns empty on success, else the time until the
     * first full counter's window ends.
     */
    public Optional<Long> take(List<Counter> counters, long now) {
        return tryTake(counters, now).map(Full::retryAfterMillis);
    }

    /** Which counter was full, and how long until its window ends. */
    public record Full(int index, long retryAfterMillis) {
    }

    /** Takes its cost from every counter, or nothing; empty on success, else the first full counter. */
    public Optional<Full> tryTake(List<Counter> counters, long now) {
        List<TransactWriteItem> updates = counters.stream().map(c -> update(c, now, c.cost(), true)).toList();
        try {
            Dynamo.call("TransactWriteItems take counters", () -> dynamo.transactWriteItems(t -> t.transactItems(updates)));
            return Optional.empty();
        } catch (TransactionCanceledException e) {
            if (!Dynamo.cancelledByConditions(e)) {
                throw new DependencyFailure("counter transaction cancelled", e);
            }
            for (int i = 0; i < counters.size(); i++) {
                if ("ConditionalCheckFailed".equals(Dynamo.reason(e, i))) {
                    Counter full = counters.get(i);
                    return Optional.of(new Full(i, full.untilWindowEnds(now)));
                }
            }
            return Optional.of(new Full(0, counters.get(0).windowMillis()));
        }
    }

    /**
     * The write that takes {@code counter}'s cost at {@code now} only while it has room, for a caller
     * to put in a transaction of its own: a full counter cancels that transaction.
     */
    public TransactWriteItem takeWrite(Counter counter, long now) {
        return update(counter, now, counter.cost(), true);
    }

    /** Gives back what {@link #take} took at {@code takenAt} (best effort: a failure only over-counts). */
    public void giveBack(List<Counter> counters, long takenAt) {
        giveBack(counters, takenAt, null);
    }

    /** As {@link #giveBack(List, long)}, with {@code alongside} (e.g. an audit item) in the same best-effort transaction. */
    public void giveBack(List<Counter> counters, long takenAt, TransactWriteItem alongside) {
        List<TransactWriteItem> updates = new java.util.ArrayList<>(
                counters.stream().map(c -> update(c, takenAt, -c.cost(), false)).toList());
        if (alongside != null) {
            updates.add(alongside);
        }
        try {
            Dynamo.call("TransactWriteItems give back counters", () -> dynamo.transactWriteItems(t -> t.transactItems(updates)));
        } catch (RuntimeException e) {
            // Over-counting is the safe direction.
        }
    }

    private TransactWriteItem update(Counter c, long now, long delta, boolean limited) {
        long ttl = (c.windowStart(now) + c.windowMillis()) / 1000 + 3600;
        return TransactWriteItem.builder().update(u -> {
            u.tableName(table)
                    .key(Attrs.key(c.key(now)))
                    .updateExpression("ADD n :delta SET #ttl = :ttl, #org = :org")
                    .expressionAttributeNames(Map.of("#ttl", Keys.TTL, "#org", Keys.ORG));
            if (limited) {
                // Room for the whole cost: n + cost <= limit.
                u.conditionExpression("attribute_not_exists(n) OR n <= :room")
                        .expressionAttributeValues(Map.of(":delta", Attrs.n(delta), ":ttl", Attrs.n(ttl),
                                ":org", Attrs.s(c.org()), ":room", Attrs.n(c.limit() - c.cost())));
            } else {
                u.conditionExpression("attribute_exists(n)")
                        .expressionAttributeValues(Map.of(":delta", Attrs.n(delta), ":ttl", Attrs.n(ttl),
                                ":org", Attrs.s(c.org())));
            }
        }).build();
    }
}
