package dev.cliauth.local.dynamo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One table: its key schema, indexes, items and TTL setting. Reads hold the read lock and writes
 * the write lock, so every write (and every transaction, which takes the write locks of all its
 * tables in name order) is atomic to every reader and writer.
 *
 * <p>TTL: the setting is stored and described, and expired items are never deleted by the engine.
 * DynamoDB deletes them "typically within a few days" and until then returns them from every read,
 * so code must check expiry itself, as cliauth does with {@code expires_at}.
 */
final class Table {

    static final int MAX_ITEM_BYTES = 400 * 1024;

    private final String name;
    private final KeySchema key;
    private final List<Map<String, Object>> attributeDefinitions;
    private final String billingMode;
    private final List<Index> indexes;
    private final Instant created;
    private final NavigableMap<PrimaryKey, Map<String, Value>> items = new TreeMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private String ttlAttribute;
    private final DynamoEngine.InsertListener inserts;

    Table(String name, KeySchema key, List<Map<String, Object>> attributeDefinitions, String billingMode,
          List<Index> indexes, Instant created, DynamoEngine.InsertListener inserts) {
        this.inserts = inserts;
        this.name = name;
        this.key = key;
        this.attributeDefinitions = List.copyOf(attributeDefinitions);
        this.billingMode = billingMode;
        this.indexes = List.copyOf(indexes);
        this.created = created;
    }

    String name() {
        return name;
    }

    KeySchema key() {
        return key;
    }

    List<Index> indexes() {
        return indexes;
    }

    ReentrantReadWriteLock lock() {
        return lock;
    }

    Index index(String indexName) {
        for (Index i : indexes) {
            if (i.name().equals(indexName)) {
                return i;
            }
        }
        throw DynamoException.validation("The table does not have the specified index: " + indexName);
    }

    /** The item, or null; the caller holds a lock. */
    Map<String, Value> get(PrimaryKey pk) {
        return items.get(pk);
    }

    NavigableMap<PrimaryKey, Map<String, Value>> items() {
        return items;
    }

    /** Nesting DynamoDB supports: "up to 32 levels deep" (Developer Guide, Service quotas, Attributes). */
    static final int MAX_NESTING = 32;

    /**
     * Refuses an item DynamoDB could not store in this table: too large, an empty attribute name,
     * nested deeper than it supports, or a bad index key.
     */
    void validate(Map<String, Value> item) {
        if (Value.itemSize(item) > MAX_ITEM_BYTES) {
            throw DynamoException.validation("Item size has exceeded the maximum allowed size");
        }
        if (item.containsKey("")) {
            throw DynamoException.validation("One or more parameter values were invalid: An attribute name cannot be empty");
        }
        for (Value v : item.values()) {
            if (depth(v) > MAX_NESTING) {
                throw DynamoException.validation("Nesting Levels have exceeded supported limits");
            }
        }
        for (Index i : indexes) {
            i.validate(item);
        }
    }

    /** Replaces (or with null removes) the item and its index entries; the caller holds the write lock. */
    void write(PrimaryKey pk, Map<String, Value> before, Map<String, Value> after) {
        if (after == null) {
            items.remove(pk);
        } else {
            items.put(pk, Map.copyOf(after));
        }
        for (Index i : indexes) {
            i.replace(pk, before, after);
        }
        if (before == null && after != null) {
            inserts.inserted(name, after);   // a stream's INSERT record (the listener must not block)
        }
    }

    synchronized String ttlAttribute() {
        return ttlAttribute;
    }

    synchronized void ttlAttribute(String attribute) {
        this.ttlAttribute = attribute;
    }

    String arn() {
        return "arn:aws:dynamodb:us-east-1:000000000000:table/" + name;
    }

    Map<String, Object> describe(String status) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("TableName", name);
        d.put("TableStatus", status);
        d.put("AttributeDefinitions", attributeDefinitions);
        d.put("KeySchema", key.describe());
        d.put("CreationDateTime", created.getEpochSecond());
        d.put("ProvisionedThroughput", Map.of("NumberOfDecreasesToday", 0, "ReadCapacityUnits", 0, "WriteCapacityUnits", 0));
        lock.readLock().lock();
        try {
            d.put("TableSizeBytes", items.values().stream().mapToLong(Value::itemSize).sum());
            d.put("ItemCount", items.size());
            d.put("TableArn", arn());
            d.put("BillingModeSummary", Map.of("BillingMode", billingMode));
            if (!indexes.isEmpty()) {
                d.put("GlobalSecondaryIndexes", indexes.stream().map(i -> i.describe(arn())).toList());
            }
        } finally {
            lock.readLock().unlock();
        }
        d.put("DeletionProtectionEnabled", false);
        return d;
    }

    /** Levels of lists and maps in {@code v}: 0 for a scalar or set, 1 for a list or map of them. */
    private static int depth(Value v) {
        if (v instanceof Value.L l) {
            return 1 + l.values().stream().mapToInt(Table::depth).max().orElse(0);
        }
        if (v instanceof Value.M m) {
            return 1 + m.values().values().stream().mapToInt(Table::depth).max().orElse(0);
        }
        return 0;
    }
}
