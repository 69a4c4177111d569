package dev.cliauth.local.dynamo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Capacity one call consumed on one table, as DynamoDB reports it with {@code ReturnConsumedCapacity}
 * (Developer Guide, "Read/write capacity mode"): a write 1 unit per started KB of the larger of the
 * item before and after, twice that in a transaction, plus each index entry written; a read one unit
 * per started 4 KB (a Query sums its items first), half that when eventually consistent.
 */
final class Capacity {

    static final Set<String> MODES = Set.of("INDEXES", "TOTAL", "NONE");

    private final String table;
    private final boolean write;
    private double tableUnits;
    private final Map<String, Double> indexes = new LinkedHashMap<>();

    Capacity(String table, boolean write) {
        this.table = table;
        this.write = write;
    }

    static double writeUnits(int bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }

    static double readUnits(int bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / 4096.0));
        return consistent ? units : units / 2;
    }

    String table() {
        return table;
    }

    void addTable(double units) {
        tableUnits += units;
    }

    void addIndex(String index, double units) {
        if (units > 0) {
            indexes.merge(index, units, Double::sum);
        }
    }

    /** The ConsumedCapacity member for {@code mode} (TOTAL or INDEXES), or null for NONE. */
    Map<String, Object> describe(String mode) {
        if (mode.equals("NONE")) {
            return null;
        }
        double total = tableUnits + indexes.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TableName", table);
        out.put("CapacityUnits", total);
        out.put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", total);
        if (mode.equals("INDEXES")) {
            out.put("Table", units(tableUnits));
            if (!indexes.isEmpty()) {
                Map<String, Object> gsi = new LinkedHashMap<>();
                indexes.forEach((name, units) -> gsi.put(name, units(units)));
                out.put("GlobalSecondaryIndexes", gsi);
            }
        }
        return out;
    }

    private Map<String, Object> units(double units) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CapacityUnits", units);
        m.put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
        return m;
    }
}
