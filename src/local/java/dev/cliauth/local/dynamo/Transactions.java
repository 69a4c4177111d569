package dev.cliauth.local.dynamo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * TransactWriteItems (DynamoDB API Reference): up to 100 Put, Update, Delete and ConditionCheck
 * actions, all or none. Every action is validated first; then the write locks of all its tables
 * are taken in name order (so two transactions never wait on each other in a cycle), every
 * condition is checked against the stored items, and either all writes are made or the
 * transaction is cancelled with one reason per action ({@code None}, {@code ConditionalCheckFailed}
 * with the item when ALL_OLD was asked, or {@code ValidationError}).
 *
 * <p>Not implemented: idempotent replay of a {@code ClientRequestToken} (the SDK sends one; it is
 * accepted and each call runs).
 */
final class Transactions {

    private static final int MAX_ACTIONS = 100;
    private static final long MAX_AGGREGATE_BYTES = 4L * 1024 * 1024;
    private static final Set<String> METRICS = Set.of("SIZE", "NONE");

    private final Function<String, Table> tables;

    Transactions(Function<String, Table> tables) {
        this.tables = tables;
    }

    Map<String, Object> transactWriteItems(Request r) {
        String mode = r.choice("ReturnConsumedCapacity", "NONE", Capacity.MODES);
        r.choice("ReturnItemCollectionMetrics", "NONE", METRICS);
        r.string("ClientRequestToken");
        List<Object> members = r.list("TransactItems");
        if (members == null || members.isEmpty() || members.size() > MAX_ACTIONS) {
            throw DynamoException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy"
                    + " constraint: Member must have length less than or equal to " + MAX_ACTIONS
                    + " and Member must have length greater than or equal to 1");
        }
        List<WriteAction> actions = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (Object member : members) {
            WriteAction action = action(Request.of(member));
            if (!targets.add(action.table().name() + '\0' + action.pk())) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(action);
        }
        TreeSet<Table> byName = new TreeSet<>(Comparator.comparing(Table::name));
        actions.forEach(a -> byName.add(a.table()));
        List<Table> locked = new ArrayList<>(byName);
        locked.forEach(t -> t.lock().writeLock().lock());
        List<Map<String, Value>> befores = new ArrayList<>();
        List<Map<String, Value>> afters = new ArrayList<>();
        try {
            List<Map<String, Object>> reasons = new ArrayList<>();
            boolean cancelled = false;
            for (WriteAction action : actions) {
                Map<String, Value> before = action.table().get(action.pk());
                befores.add(before);
                Map<String, Object> reason = new LinkedHashMap<>();
                if (!action.conditionHolds(before)) {
                    cancelled = true;
                    reason.put("Code", "ConditionalCheckFailed");
                    reason.put("Message", "The conditional request failed");
                    if (action.oldItemOnFailure() && before != null) {
                        reason.put("Item", before);
                    }
                    afters.add(null);
                } else {
                    try {
                        afters.add(action.after(before));
                        reason.put("Code", "None");
                    } catch (DynamoException invalid) {
                        cancelled = true;
                        reason.put("Code", "ValidationError");
                        reason.put("Message", invalid.getMessage());
                        afters.add(null);
                    }
                }
                reasons.add(reason);
            }
            // "The aggregate size of the items in the transaction cannot exceed 4 MB." (API Reference, TransactWriteItems)
            if (!cancelled && afters.stream().mapToLong(Value::itemSize).sum() > MAX_AGGREGATE_BYTES) {
                throw DynamoException.validation("Transaction request size has exceeded the maximum allowed size");
            }
            if (cancelled) {
                throw new DynamoException(400, "TransactionCanceledException",
                        "Transaction cancelled, please refer cancellation reasons for specific reasons "
                                + reasons.stream().map(m -> String.valueOf(m.get("Code"))).toList(),
                        Map.of("CancellationReasons", reasons));
            }
            for (int i = 0; i < actions.size(); i++) {
                WriteAction action = actions.get(i);
                if (action.kind() != WriteAction.Kind.CHECK) {
                    action.table().write(action.pk(), befores.get(i), afters.get(i));
                }
            }
        } finally {
            for (int i = locked.size() - 1; i >= 0; i--) {
                locked.get(i).lock().writeLock().unlock();
            }
        }
        Map<String, Capacity> consumed = new LinkedHashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            WriteAction action = actions.get(i);
            Capacity c = consumed.computeIfAbsent(action.table().name(), name -> new Capacity(name, true));
            action.consume(c, befores.get(i), afters.get(i), true);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!mode.equals("NONE")) {
            out.put("ConsumedCapacity", consumed.values().stream().map(c -> c.describe(mode)).toList());
        }
        return out;
    }

    private WriteAction action(Request member) {
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("Put", "Update", "Delete", "ConditionCheck")) {
            if (member.has(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String k = kinds.get(0);
        WriteAction.Kind kind = switch (k) {
            case "Put" -> WriteAction.Kind.PUT;
            case "Update" -> WriteAction.Kind.UPDATE;
            case "Delete" -> WriteAction.Kind.DELETE;
            default -> WriteAction.Kind.CHECK;
        };
        return WriteAction.parse(kind, member.object(k), tables, "TransactWriteItems");
    }
}
