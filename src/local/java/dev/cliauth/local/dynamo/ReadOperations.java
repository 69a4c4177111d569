package dev.cliauth.local.dynamo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Function;

/**
 * Query and Scan (DynamoDB API Reference). A page ends at {@code Limit} items or once 1 MB has
 * been read, with {@code LastEvaluatedKey}; a GSI Query returns the index entries, that is the
 * projected attributes and the keys.
 */
final class ReadOperations {

    private static final int PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECT = Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "COUNT");
    private static final String[] NOT_IMPLEMENTED = {"FilterExpression", "ProjectionExpression", "AttributesToGet",
        "ConditionalOperator"};

    private final Function<String, Table> tables;

    ReadOperations(Function<String, Table> tables) {
        this.tables = tables;
    }

    Map<String, Object> query(Request r) {
        r.refuse("Query", NOT_IMPLEMENTED);
        r.refuse("Query", "KeyConditions", "QueryFilter");
        Table table = tables.apply(r.required("TableName"));
        String indexName = r.string("IndexName");
        Index index = indexName == null ? null : table.index(indexName);
        boolean consistent = r.bool("ConsistentRead");
        if (index != null && consistent) {
            throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
        }
        String text = r.expression("KeyConditionExpression");
        if (text == null) {
            throw DynamoException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified"
                    + " in the request.");
        }
        Placeholders p = r.placeholders();
        Expression<Condition> expression = Parser.condition(text, "KeyConditionExpression");
        p.checkDefined(expression);
        p.checkAllUsed(expression);
        KeySchema key = index == null ? table.key() : index.key();
        KeyCondition condition = KeyCondition.of(expression, key, p);
        int limit = limit(r);
        boolean forward = !r.has("ScanIndexForward") || r.bool("ScanIndexForward");
        boolean count = r.choice("Select", "ALL_ATTRIBUTES", SELECT).equals("COUNT");
        String mode = r.choice("ReturnConsumedCapacity", "NONE", Capacity.MODES);
        Map<String, Value> startKey = r.attributes("ExclusiveStartKey");

        Page page;
        table.lock().readLock().lock();
        try {
            if (index == null) {
                NavigableMap<PrimaryKey, Map<String, Value>> range = partition(table.items(), new PrimaryKey(condition.partition(), null),
                        startKey == null ? null : table.key().fromKey(startKey), forward, PrimaryKey::samePartition);
                page = read(range, limit, m -> condition.sortMatches(m, p), table.key()::attributes);
            } else {
                Index.EntryKey first = new Index.EntryKey(condition.partition(), null, null);
                Index.EntryKey start = startKey == null ? null : indexStart(table, index, startKey);
                NavigableMap<Index.EntryKey, Map<String, Value>> range = partition(index.entries(), first, start, forward,
                        (a, b) -> a.hash().equals(b.hash()));
                page = read(range, limit, m -> condition.sortMatches(m, p), index::lastEvaluatedKey);
            }
        } finally {
            table.lock().readLock().unlock();
        }
        Capacity capacity = new Capacity(table.name(), false);
        double units = Capacity.readUnits(page.bytes, consistent);
        if (index == null) {
            capacity.addTable(units);
        } else {
            capacity.addIndex(index.name(), units);
        }
        return response(page, count, capacity, mode);
    }

    Map<String, Object> scan(Request r) {
        r.refuse("Scan", NOT_IMPLEMENTED);
        r.refuse("Scan", "ScanFilter", "IndexName", "Segment", "TotalSegments");
        Table table = tables.apply(r.required("TableName"));
        boolean consistent = r.bool("ConsistentRead");
        int limit = limit(r);
        boolean count = r.choice("Select", "ALL_ATTRIBUTES", SELECT).equals("COUNT");
        String mode = r.choice("ReturnConsumedCapacity", "NONE", Capacity.MODES);
        Map<String, Value> startKey = r.attributes("ExclusiveStartKey");
        Page page;
        table.lock().readLock().lock();
        try {
            NavigableMap<PrimaryKey, Map<String, Value>> all = startKey == null ? table.items()
                    : table.items().tailMap(table.key().fromKey(startKey), false);
            page = read(all, limit, m -> true, table.key()::attributes);
        } finally {
            table.lock().readLock().unlock();
        }
        Capacity capacity = new Capacity(table.name(), false);
        capacity.addTable(Capacity.readUnits(page.bytes, consistent));
        return response(page, count, capacity, mode);
    }

    private static Index.EntryKey indexStart(Table table, Index index, Map<String, Value> startKey) {
        Map<String, Value> tablePart = new LinkedHashMap<>(startKey);
        tablePart.keySet().retainAll(table.key().names());
        PrimaryKey pk = table.key().fromKey(tablePart);
        Map<String, Value> indexPart = new LinkedHashMap<>(startKey);
        indexPart.keySet().retainAll(index.key().names());
        if (!indexPart.keySet().containsAll(index.key().names())) {
            throw DynamoException.validation("The provided starting key is invalid");
        }
        return index.entryKey(indexPart, pk);
    }

    /** The entries of one partition, in the requested direction, after {@code start} when given. */
    private static <K> NavigableMap<K, Map<String, Value>> partition(NavigableMap<K, Map<String, Value>> all, K first, K start,
                                                                     boolean forward, java.util.function.BiPredicate<K, K> same) {
        NavigableMap<K, Map<String, Value>> from = all.tailMap(first, true);
        K last = null;
        for (K k : from.keySet()) {
            if (!same.test(first, k)) {
                break;
            }
            last = k;
        }
        if (last == null) {
            return new java.util.TreeMap<>();
        }
        NavigableMap<K, Map<String, Value>> range = from.headMap(last, true);
        if (!forward) {
            range = range.descendingMap();
        }
        return start == null ? range : range.tailMap(start, false);
    }

    private record Page(List<Map<String, Value>> items, int scanned, int bytes, Map<String, Value> lastKey) {
    }

    private static <K> Page read(NavigableMap<K, Map<String, Value>> range, int limit,
                                 java.util.function.Predicate<Map<String, Value>> keep,
                                 Function<Map<String, Value>, Map<String, Value>> keyOf) {
        List<Map<String, Value>> items = new ArrayList<>();
        int scanned = 0;
        int bytes = 0;
        Map<String, Value> lastKey = null;
        for (Map<String, Value> item : range.values()) {
            if (!keep.test(item)) {
                continue;
            }
            items.add(item);
            scanned++;
            bytes += Value.itemSize(item);
            if (scanned >= limit || bytes >= PAGE_BYTES) {
                lastKey = keyOf.apply(item);
                break;
            }
        }
        return new Page(items, scanned, bytes, lastKey);
    }

    private static int limit(Request r) {
        Integer limit = r.integer("Limit");
        if (limit == null) {
            return Integer.MAX_VALUE;
        }
        if (limit < 1) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value greater than or equal to 1");
        }
        return limit;
    }

    private static Map<String, Object> response(Page page, boolean count, Capacity capacity, String mode) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!count) {
            out.put("Items", page.items);
        }
        out.put("Count", page.items.size());
        out.put("ScannedCount", page.scanned);
        if (page.lastKey != null) {
            out.put("LastEvaluatedKey", page.lastKey);
        }
        ItemOperations.putCapacity(out, capacity, mode);
        return out;
    }
}
