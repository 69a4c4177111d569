package dev.cliauth.bench;

import dev.cliauth.store.Keys;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Capacity of every DynamoDB call the handlers make, two ways:
 * <ul>
 *   <li>as DynamoDB reports it: the interceptor adds {@code ReturnConsumedCapacity=INDEXES} and sums
 *       what comes back (DynamoDB Local answers fixed numbers whatever the item size, so this figure
 *       is recorded but not billed);</li>
 *   <li>as DynamoDB bills it on demand, from the items themselves, read before and after each write
 *       with a separate client: reads 0.5 RRU per 4 KB eventually consistent (1 strongly consistent),
 *       writes 1 WRU per KB of the larger of the old and new item, twice that inside a transaction
 *       (ConditionCheck items included), and 1 WRU per KB for every write the GSI
 *       {@code user_code} (projection ALL) receives: a put, change or removal of an item that
 *       carries {@code user_code_key}.</li>
 * </ul>
 */
final class CapacityMeter implements ExecutionInterceptor {

    /**
     * One DynamoDB call: its operation, billed units, what DynamoDB (Local) reported, and the GSI
     * writes it would cost if the index did not project the attributes a poll changes.
     */
    record Call(String operation, double writeUnits, double gsiWriteUnits, double readUnits, double reported,
                int largestItemBytes, double gsiWriteUnitsWithoutPollAttributes) {
    }

    /** The attributes a pending poll writes; a what-if projection (INCLUDE) leaves them out. */
    static final Set<String> POLL_ATTRIBUTES = Set.of("next_poll_at", "last_poll_at", "polls");

    /** An item a write touches. */
    private record Target(String table, Map<String, AttributeValue> key) {
    }

    private final DynamoDbClient snapshots;
    private final List<Call> calls = new ArrayList<>();
    private volatile boolean enabled;
    private List<Target> keys = List.of();
    private List<Map<String, AttributeValue>> before = List.of();

    /** {@code snapshots} reads items around each write; it must not carry this interceptor. */
    CapacityMeter(DynamoDbClient snapshots) {
        this.snapshots = snapshots;
    }

    void enable(boolean on) {
        enabled = on;
    }

    synchronized List<Call> drain() {
        List<Call> out = List.copyOf(calls);
        calls.clear();
        return out;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (!enabled) {
            return r;
        }
        ReturnConsumedCapacity all = ReturnConsumedCapacity.INDEXES;
        if (r instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(all).build();
        } else if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(all).build();
        } else if (r instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(all).build();
        } else if (r instanceof UpdateItemRequest u) {
            return u.toBuilder().returnConsumedCapacity(all).build();
        } else if (r instanceof DeleteItemRequest d) {
            return d.toBuilder().returnConsumedCapacity(all).build();
        } else if (r instanceof TransactWriteItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(all).build();
        }
        return r;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!enabled) {
            return;
        }
        keys = writtenKeys(context.request());
        before = keys.stream().map(this::read).toList();
    }

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!enabled) {
            return;
        }
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        String operation = request.getClass().getSimpleName().replace("Request", "");
        List<Map<String, AttributeValue>> after = keys.stream().map(this::read).toList();
        double write = 0;
        double gsi = 0;
        double gsiInclude = 0;
        double read = 0;
        int largest = 0;
        boolean transaction = request instanceof TransactWriteItemsRequest;
        for (int i = 0; i < keys.size(); i++) {
            int size = Math.max(ItemSize.of(before.get(i)), ItemSize.of(after.get(i)));
            largest = Math.max(largest, size);
            write += (transaction ? 2 : 1) * kilobytes(size);
            gsi += gsiWrites(before.get(i), after.get(i), Set.of());
            gsiInclude += gsiWrites(before.get(i), after.get(i), POLL_ATTRIBUTES);
        }
        if (response instanceof GetItemResponse g) {
            int size = g.hasItem() ? ItemSize.of(g.item()) : 0;
            largest = Math.max(largest, size);
            read += readUnits(size, Boolean.TRUE.equals(((GetItemRequest) request).consistentRead()));
        } else if (response instanceof QueryResponse q) {
            int size = q.items().stream().mapToInt(ItemSize::of).sum();
            largest = Math.max(largest, q.items().stream().mapToInt(ItemSize::of).max().orElse(0));
            QueryRequest qr = (QueryRequest) request;
            read += readUnits(size, qr.indexName() == null && Boolean.TRUE.equals(qr.consistentRead()));
        }
        calls.add(new Call(operation, write, gsi, read, reported(response), largest, gsiInclude));
    }

    private static List<Target> writtenKeys(SdkRequest r) {
        List<Target> out = new ArrayList<>();
        if (r instanceof PutItemRequest p) {
            out.add(new Target(p.tableName(), Map.of(Keys.PK, p.item().get(Keys.PK))));
        } else if (r instanceof UpdateItemRequest u) {
            out.add(new Target(u.tableName(), u.key()));
        } else if (r instanceof DeleteItemRequest d) {
            out.add(new Target(d.tableName(), d.key()));
        } else if (r instanceof TransactWriteItemsRequest t) {
            for (TransactWriteItem item : t.transactItems()) {
                if (item.put() != null) {
                    out.add(new Target(item.put().tableName(), Map.of(Keys.PK, item.put().item().get(Keys.PK))));
                } else if (item.update() != null) {
                    out.add(new Target(item.update().tableName(), item.update().key()));
                } else if (item.delete() != null) {
                    out.add(new Target(item.delete().tableName(), item.delete().key()));
                } else if (item.conditionCheck() != null) {
                    out.add(new Target(item.conditionCheck().tableName(), item.conditionCheck().key()));
                }
            }
        }
        return out;
    }

    private Map<String, AttributeValue> read(Target target) {
        Map<String, AttributeValue> item = snapshots.getItem(g -> g.tableName(target.table()).key(target.key())
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /**
     * Writes the GSI receives: none unless the item carries the index key before or after, and none
     * when only attributes the index does not project ({@code notProjected}) changed.
     */
    private static double gsiWrites(Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                                    Set<String> notProjected) {
        AttributeValue was = before == null ? null : before.get(Keys.USER_CODE_KEY);
        AttributeValue is = after == null ? null : after.get(Keys.USER_CODE_KEY);
        if (was == null && is == null || Objects.equals(without(before, notProjected), without(after, notProjected))) {
            return 0;
        }
        if (was != null && is != null && !was.equals(is)) {
            return kilobytes(ItemSize.of(before)) + kilobytes(ItemSize.of(after));
        }
        return kilobytes(ItemSize.of(is != null ? after : before));
    }

    private static Map<String, AttributeValue> without(Map<String, AttributeValue> item, Set<String> names) {
        if (item == null || names.isEmpty()) {
            return item;
        }
        Map<String, AttributeValue> copy = new java.util.HashMap<>(item);
        copy.keySet().removeAll(names);
        return copy;
    }

    private static double readUnits(int bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / 4096.0));
        return consistent ? units : units / 2;
    }

    private static double kilobytes(int bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }

    private static double reported(SdkResponse response) {
        if (response instanceof GetItemResponse r) {
            return units(r.consumedCapacity());
        } else if (response instanceof QueryResponse r) {
            return units(r.consumedCapacity());
        } else if (response instanceof PutItemResponse r) {
            return units(r.consumedCapacity());
        } else if (response instanceof UpdateItemResponse r) {
            return units(r.consumedCapacity());
        } else if (response instanceof DeleteItemResponse r) {
            return units(r.consumedCapacity());
        } else if (response instanceof TransactWriteItemsResponse r) {
            return r.consumedCapacity().stream().mapToDouble(CapacityMeter::units).sum();
        }
        return 0;
    }

    private static double units(ConsumedCapacity c) {
        return c == null || c.capacityUnits() == null ? 0 : c.capacityUnits();
    }
}
