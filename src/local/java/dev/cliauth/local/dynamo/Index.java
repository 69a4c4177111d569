package dev.cliauth.local.dynamo;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A global secondary index: its key, its projection (ALL, KEYS_ONLY or INCLUDE) and its entries.
 * Sparse, as in DynamoDB: an item without the index key attributes has no entry. Entries change
 * with the item, under the table's lock (DynamoDB updates an index asynchronously; this engine does
 * so at once, which is one of the orders DynamoDB allows).
 */
final class Index {

    /** Where an entry sorts: index partition, index sort value, then the item's table key. */
    record EntryKey(Value hash, Value range, PrimaryKey table) implements Comparable<EntryKey> {
        @Override
        public int compareTo(EntryKey o) {
            int c = PrimaryKey.compareNullable(hash, o.hash);
            if (c == 0) {
                c = PrimaryKey.compareNullable(range, o.range);
            }
            if (c == 0) {
                c = table == null || o.table == null ? (table == null ? (o.table == null ? 0 : -1) : 1) : table.compareTo(o.table);
            }
            return c;
        }
    }

    private final String name;
    private final KeySchema key;
    private final KeySchema tableKey;
    private final String projectionType;
    private final List<String> nonKeyAttributes;
    private final Set<String> entryAttributes;
    private final NavigableMap<EntryKey, Map<String, Value>> entries = new TreeMap<>();

    Index(String name, KeySchema key, KeySchema tableKey, String projectionType, List<String> nonKeyAttributes) {
        this.name = name;
        this.key = key;
        this.tableKey = tableKey;
        this.projectionType = projectionType;
        this.nonKeyAttributes = List.copyOf(nonKeyAttributes);
        if (projectionType.equals("ALL")) {
            this.entryAttributes = null;
        } else {
            Set<String> attrs = new HashSet<>(tableKey.names());
            attrs.addAll(key.names());
            attrs.addAll(this.nonKeyAttributes);
            this.entryAttributes = Set.copyOf(attrs);
        }
    }

    String name() {
        return name;
    }

    KeySchema key() {
        return key;
    }

    NavigableMap<EntryKey, Map<String, Value>> entries() {
        return entries;
    }

    /** Refuses an item whose index key attributes are present with the wrong type, or empty. */
    void validate(Map<String, Value> item) {
        check(item, key.hash(), key.hashType());
        if (key.range() != null) {
            check(item, key.range(), key.rangeType());
        }
    }

    private void check(Map<String, Value> item, String attribute, String type) {
        Value v = item.get(attribute);
        if (v == null) {
            return;
        }
        if (!v.type().equals(type)) {
            throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                    + attribute + " Expected: " + type + " Actual: " + v.type() + " IndexName: " + name);
        }
        if (v.size() == 0) {
            throw DynamoException.validation("One or more parameter values are not valid. A value specified for a secondary"
                    + " index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
                    + (v instanceof Value.S ? "string" : "binary") + " value. IndexName: " + name + ", IndexKey: " + attribute);
        }
    }

    /** The entry {@code item} has in this index, or null when it lacks the index key. */
    Map<String, Value> entryOf(Map<String, Value> item) {
        if (item == null || !item.containsKey(key.hash()) || key.range() != null && !item.containsKey(key.range())) {
            return null;
        }
        if (entryAttributes == null) {
            return item;
        }
        Map<String, Value> entry = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : item.entrySet()) {
            if (entryAttributes.contains(e.getKey())) {
                entry.put(e.getKey(), e.getValue());
            }
        }
        return entry;
    }

    EntryKey entryKey(Map<String, Value> entry, PrimaryKey table) {
        return new EntryKey(entry.get(key.hash()), key.range() == null ? null : entry.get(key.range()), table);
    }

    /** Moves the item's entry from what {@code before} gave to what {@code after} gives. */
    void replace(PrimaryKey table, Map<String, Value> before, Map<String, Value> after) {
        Map<String, Value> old = entryOf(before);
        Map<String, Value> fresh = entryOf(after);
        EntryKey freshKey = fresh == null ? null : entryKey(fresh, table);
        if (old != null) {
            EntryKey oldKey = entryKey(old, table);
            if (oldKey.equals(freshKey)) {
                entries.put(freshKey, fresh);   // same place in the index: only the projection changes
                return;
            }
            entries.remove(oldKey);
        }
        if (fresh != null) {
            entries.put(freshKey, fresh);
        }
    }

    /** Write units this index consumes when an item changes from {@code before} to {@code after}. */
    double writeUnits(Map<String, Value> before, Map<String, Value> after) {
        Map<String, Value> old = entryOf(before);
        Map<String, Value> fresh = entryOf(after);
        if (old == null && fresh == null || old != null && old.equals(fresh)) {
            return 0;
        }
        if (old != null && fresh != null && !key.attributes(old).equals(key.attributes(fresh))) {
            return Capacity.writeUnits(Value.itemSize(old)) + Capacity.writeUnits(Value.itemSize(fresh));
        }
        return Capacity.writeUnits(Value.itemSize(fresh != null ? fresh : old));
    }

    /** The key of the last entry a page returned: table key and index key. */
    Map<String, Value> lastEvaluatedKey(Map<String, Value> entry) {
        Map<String, Value> out = new LinkedHashMap<>(tableKey.attributes(entry));
        out.putAll(key.attributes(entry));
        return out;
    }

    Map<String, Object> describe(String tableArn) {
        Map<String, Object> projection = new LinkedHashMap<>();
        projection.put("ProjectionType", projectionType);
        if (!nonKeyAttributes.isEmpty()) {
            projection.put("NonKeyAttributes", nonKeyAttributes);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("IndexName", name);
        d.put("KeySchema", key.describe());
        d.put("Projection", projection);
        d.put("IndexStatus", "ACTIVE");
        d.put("ProvisionedThroughput", Map.of("NumberOfDecreasesToday", 0, "ReadCapacityUnits", 0, "WriteCapacityUnits", 0));
        d.put("IndexSizeBytes", entries.values().stream().mapToLong(Value::itemSize).sum());
        d.put("ItemCount", entries.size());
        d.put("IndexArn", tableArn + "/index/" + name);
        return d;
    }
}
