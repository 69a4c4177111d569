package dev.cliauth.local.dynamo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The key of a table or index: a partition (HASH) attribute and an optional sort (RANGE) attribute, with their types. */
record KeySchema(String hash, String hashType, String range, String rangeType) {

    private static final int MAX_PARTITION_KEY_BYTES = 2048;
    private static final int MAX_SORT_KEY_BYTES = 1024;

    List<String> names() {
        return range == null ? List.of(hash) : List.of(hash, range);
    }

    /**
     * The primary key of a Key parameter: exactly this schema's attributes, of their types
     * ("The provided key element does not match the schema" otherwise).
     */
    PrimaryKey fromKey(Map<String, Value> key) {
        if (key == null || key.size() != names().size()) {
            throw mismatch();
        }
        Value h = key.get(hash);
        Value r = range == null ? null : key.get(range);
        if (h == null || !h.type().equals(hashType) || range != null && (r == null || !r.type().equals(rangeType))) {
            throw mismatch();
        }
        checkKeyValue(hash, h, MAX_PARTITION_KEY_BYTES);
        if (r != null) {
            checkKeyValue(range, r, MAX_SORT_KEY_BYTES);
        }
        return new PrimaryKey(h, r);
    }

    /** The primary key of an item to be written: its key attributes, present and of the right types. */
    PrimaryKey ofItem(Map<String, Value> item) {
        return new PrimaryKey(itemKey(item, hash, hashType, MAX_PARTITION_KEY_BYTES),
                range == null ? null : itemKey(item, range, rangeType, MAX_SORT_KEY_BYTES));
    }

    private static Value itemKey(Map<String, Value> item, String name, String type, int limit) {
        Value v = item.get(name);
        if (v == null) {
            throw DynamoException.validation("One or more parameter values were invalid: Missing the key " + name + " in the item");
        }
        if (!v.type().equals(type)) {
            throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key " + name
                    + " expected: " + type + " actual: " + v.type());
        }
        checkKeyValue(name, v, limit);
        return v;
    }

    private static void checkKeyValue(String name, Value v, int limit) {
        if (v.size() == 0) {
            throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a key"
                    + " attribute cannot contain an empty " + (v instanceof Value.S ? "string" : "binary") + " value. Key: " + name);
        }
        if (v.size() > limit) {
            throw DynamoException.validation("One or more parameter values were invalid: Size of " + (limit == MAX_SORT_KEY_BYTES
                    ? "sort" : "hashkey") + " has exceeded the maximum size limit of " + limit + " bytes");
        }
    }

    /** The key attributes of {@code item} as a map (for a Key, LastEvaluatedKey or projection). */
    Map<String, Value> attributes(Map<String, Value> item) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String name : names()) {
            Value v = item.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    /** The KeySchema member of a description. */
    List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(Map.of("AttributeName", hash, "KeyType", "HASH"));
        if (range != null) {
            out.add(Map.of("AttributeName", range, "KeyType", "RANGE"));
        }
        return out;
    }

    static DynamoException mismatch() {
        return DynamoException.validation("The provided key element does not match the schema");
    }
}
