package dev.cliauth.local.dynamo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** GetItem, PutItem, UpdateItem and DeleteItem (DynamoDB API Reference, one section each). */
final class ItemOperations {

    private static final Set<String> PUT_RETURNS = Set.of("NONE", "ALL_OLD");
    private static final Set<String> UPDATE_RETURNS = Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    private static final Set<String> METRICS = Set.of("SIZE", "NONE");

    private final Function<String, Table> tables;

    ItemOperations(Function<String, Table> tables) {
        this.tables = tables;
    }

    Map<String, Object> getItem(Request r) {
        r.refuse("GetItem", "ProjectionExpression", "AttributesToGet", "ExpressionAttributeNames");
        Table table = tables.apply(r.required("TableName"));
        PrimaryKey pk = table.key().fromKey(r.attributes("Key"));
        boolean consistent = r.bool("ConsistentRead");
        String mode = r.choice("ReturnConsumedCapacity", "NONE", Capacity.MODES);
        Map<String, Value> item;
        table.lock().readLock().lock();
        try {
            item = table.get(pk);
        } finally {
            table.lock().readLock().unlock();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (item != null) {
            out.put("Item", item);
        }
        Capacity capacity = new Capacity(table.name(), false);
        capacity.addTable(Capacity.readUnits(Value.itemSize(item), consistent));
        putCapacity(out, capacity, mode);
        return out;
    }

    Map<String, Object> putItem(Request r) {
        String returns = r.choice("ReturnValues", "NONE", PUT_RETURNS);
        return write(WriteAction.Kind.PUT, r, "PutItem", returns);
    }

    Map<String, Object> updateItem(Request r) {
        String returns = r.choice("ReturnValues", "NONE", UPDATE_RETURNS);
        return write(WriteAction.Kind.UPDATE, r, "UpdateItem", returns);
    }

    Map<String, Object> deleteItem(Request r) {
        String returns = r.choice("ReturnValues", "NONE", PUT_RETURNS);
        return write(WriteAction.Kind.DELETE, r, "DeleteItem", returns);
    }

    private Map<String, Object> write(WriteAction.Kind kind, Request r, String operation, String returns) {
        String mode = r.choice("ReturnConsumedCapacity", "NONE", Capacity.MODES);
        r.choice("ReturnItemCollectionMetrics", "NONE", METRICS);
        WriteAction action = WriteAction.parse(kind, r, tables, operation);
        Table table = action.table();
        Map<String, Value> before;
        Map<String, Value> after;
        table.lock().writeLock().lock();
        try {
            before = table.get(action.pk());
            if (!action.conditionHolds(before)) {
                throw DynamoException.conditionFailed(action.oldItemOnFailure() && before != null
                        ? Map.of("Item", before) : Map.of());
            }
            after = action.after(before);
            table.write(action.pk(), before, after);
        } finally {
            table.lock().writeLock().unlock();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Value> attributes = switch (returns) {
            case "ALL_OLD" -> before;
            case "ALL_NEW" -> after;
            case "UPDATED_OLD" -> action.updated(before);
            case "UPDATED_NEW" -> action.updated(after);
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            out.put("Attributes", attributes);
        }
        Capacity capacity = new Capacity(table.name(), true);
        action.consume(capacity, before, after, false);
        putCapacity(out, capacity, mode);
        return out;
    }

    static void putCapacity(Map<String, Object> out, Capacity capacity, String mode) {
        Map<String, Object> consumed = capacity.describe(mode);
        if (consumed != null) {
            out.put("ConsumedCapacity", consumed);
        }
    }
}
