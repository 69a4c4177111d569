package dev.cliauth.bench;

import dev.cliauth.local.SamTemplate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Capacity of every DynamoDB call the handlers make, two ways:
 * <ul>
 *   <li>as DynamoDB reports it: the interceptor adds {@code ReturnConsumedCapacity=INDEXES} and sums
 *       what comes back (here cliauth's DynamoDB engine, which computes units by the documented rules;
 *       recorded beside the billed figure as a cross-check);</li>
 *   <li>as DynamoDB bills it on demand, from the items themselves, read before and after each write
 *       with a separate client: reads 0.5 RRU per 4 KB eventually consistent (1 strongly consistent),
 *       writes 1 WRU per KB of the larger of the old and new item, twice that inside a transaction
 *       (ConditionCheck items included), and for every global secondary index, with the key schema
 *       and projection template.yaml gives it, 1 WRU per KB of index entry (table key, index key and
 *       projected attributes) for each entry put, changed or removed. A write that changes only
 *       attributes an index does not project costs that index nothing.</li>
 * </ul>
 */
final class CapacityMeter implements ExecutionInterceptor {

    /**
     * One DynamoDB call: its operation, billed units (table writes, GSI writes, reads), what DynamoDB
     * (here the engine) reported in all and for GSI writes, and the largest item it touched.
     */
    record Call(String operation, double writeUnits, double gsiWriteUnits, double readUnits, double reported,
                double reportedGsiWrites, int largestItemBytes) {
    }

    /**
     * A global secondary index as template.yaml defines it: its name, the attributes that put an
     * item in it (its key), its projection type, and the attributes an entry holds (table key, index
     * key and projected attributes; {@code null} for projection ALL).
     */
    record Index(String name, Set<String> key, ProjectionType projection, Set<String> entryAttributes) {

        /** The indexes of the table in {@code template}. */
        static List<Index> of(SamTemplate template) {
            CreateTableRequest table = template.table("capacity");
            Set<String> tableKey = names(table.keySchema());
            List<Index> out = new ArrayList<>();
            for (GlobalSecondaryIndex g : table.globalSecondaryIndexes()) {
                Set<String> key = names(g.keySchema());
                Set<String> entry = null;
                if (g.projection().projectionType() != ProjectionType.ALL) {
                    entry = new LinkedHashSet<>(tableKey);
                    entry.addAll(key);
                    if (g.projection().projectionType() == ProjectionType.INCLUDE) {
                        entry.addAll(g.projection().nonKeyAttributes());
                    }
                }
                out.add(new Index(g.indexName(), key, g.projection().projectionType(),
                        entry == null ? null : Set.copyOf(entry)));
            }
            return List.copyOf(out);
        }

        /** The index key of an entry. */
        Map<String, AttributeValue> keyOf(Map<String, AttributeValue> entry) {
            Map<String, AttributeValue> k = new HashMap<>(entry);
            k.keySet().retainAll(key);
            return k;
        }

        /** The entry {@code item} has in this index, or null when it lacks the index key. */
        Map<String, AttributeValue> entry(Map<String, AttributeValue> item) {
            if (item == null || !item.keySet().containsAll(key)) {
                return null;
            }
            if (entryAttributes == null) {
                return item;
            }
            Map<String, AttributeValue> entry = new HashMap<>(item);
            entry.keySet().retainAll(entryAttributes);
            return entry;
        }

        /** How template.yaml projects this index, for the report. */
        String describe() {
            return name + ": key " + key + ", projection " + projection + (entryAttributes == null ? ""
                    : ", entries hold " + entryAttributes.stream().sorted().collect(Collectors.joining(", ")));
        }
    }

    /** An item a write touches. */
    private record Target(String table, Map<String, AttributeValue> key) {
    }

    private final DynamoDbClient snapshots;
    private final Set<String> tableKey;
    private final List<Index> indexes;
    private final List<Call> calls = new ArrayList<>();
    private volatile boolean enabled;
    private List<Target> keys = List.of();
    private List<Map<String, AttributeValue>> before = List.of();

    /**
     * {@code snapshots} reads items around each write; it must not carry this interceptor. The
     * indexes, their keys and projections come from {@code template}.
     */
    CapacityMeter(DynamoDbClient snapshots, SamTemplate template) {
        this.snapshots = snapshots;
        this.tableKey = names(template.table("capacity").keySchema());
        this.indexes = Index.of(template);
    }

    List<Index> indexes() {
        return indexes;
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
        double read = 0;
        int largest = 0;
        boolean transaction = request instanceof TransactWriteItemsRequest;
        for (int i = 0; i < keys.size(); i++) {
            int size = Math.max(ItemSize.of(before.get(i)), ItemSize.of(after.get(i)));
            largest = Math.max(largest, size);
            write += (transaction ? 2 : 1) * kilobytes(size);
            for (Index index : indexes) {
                gsi += gsiWrites(index.entry(before.get(i)), index.entry(after.get(i)), index);
            }
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
        double reportedGsi = request instanceof QueryRequest || request instanceof GetItemRequest ? 0 : reportedGsi(response);
        calls.add(new Call(operation, write, gsi, read, reported(response), reportedGsi, largest));
    }

    private Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> k = new HashMap<>(item);
        k.keySet().retainAll(tableKey);
        return k;
    }

    private static Set<String> names(List<KeySchemaElement> keySchema) {
        return keySchema.stream().map(KeySchemaElement::attributeName).collect(Collectors.toUnmodifiableSet());
    }

    private List<Target> writtenKeys(SdkRequest r) {
        List<Target> out = new ArrayList<>();
        if (r instanceof PutItemRequest p) {
            out.add(new Target(p.tableName(), key(p.item())));
        } else if (r instanceof UpdateItemRequest u) {
            out.add(new Target(u.tableName(), u.key()));
        } else if (r instanceof DeleteItemRequest d) {
            out.add(new Target(d.tableName(), d.key()));
        } else if (r instanceof TransactWriteItemsRequest t) {
            for (TransactWriteItem item : t.transactItems()) {
                if (item.put() != null) {
                    out.add(new Target(item.put().tableName(), key(item.put().item())));
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
     * Writes an index receives for one item, given its entry before and after (null: not in the
     * index): none when the entry is unchanged, which includes an item outside the index and a write
     * of attributes the index does not project; a delete and a put when the index key changed; one
     * write of the new entry otherwise (or of the old one, removed).
     */
    private static double gsiWrites(Map<String, AttributeValue> before, Map<String, AttributeValue> after, Index index) {
        if (Objects.equals(before, after)) {
            return 0;
        }
        if (before != null && after != null && !index.keyOf(before).equals(index.keyOf(after))) {
            return kilobytes(ItemSize.of(before)) + kilobytes(ItemSize.of(after));
        }
        return kilobytes(ItemSize.of(after != null ? after : before));
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

    /** GSI units the store reported for a write: present only for an index the write touched. */
    private static double reportedGsi(SdkResponse response) {
        List<ConsumedCapacity> consumed = List.of();
        if (response instanceof PutItemResponse r && r.consumedCapacity() != null) {
            consumed = List.of(r.consumedCapacity());
        } else if (response instanceof UpdateItemResponse r && r.consumedCapacity() != null) {
            consumed = List.of(r.consumedCapacity());
        } else if (response instanceof DeleteItemResponse r && r.consumedCapacity() != null) {
            consumed = List.of(r.consumedCapacity());
        } else if (response instanceof TransactWriteItemsResponse r) {
            consumed = r.consumedCapacity();
        }
        return consumed.stream().flatMap(c -> c.globalSecondaryIndexes().values().stream())
                .mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
    }

    private static double units(ConsumedCapacity c) {
        return c == null || c.capacityUnits() == null ? 0 : c.capacityUnits();
    }
}
