package dev.cliauth.local.dynamo;

/**
 * The partition value and optional sort value of an item, ordered partition first; a missing sort
 * value sorts first, so {@code new PrimaryKey(p, null)} starts the partition {@code p}.
 */
record PrimaryKey(Value hash, Value range) implements Comparable<PrimaryKey> {

    @Override
    public int compareTo(PrimaryKey o) {
        int c = compareNullable(hash, o.hash);
        return c != 0 ? c : compareNullable(range, o.range);
    }

    boolean samePartition(PrimaryKey o) {
        return hash.equals(o.hash);
    }

    static int compareNullable(Value a, Value b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        Integer order = Value.order(a, b);
        return order == null ? a.type().compareTo(b.type()) : order;
    }
}
