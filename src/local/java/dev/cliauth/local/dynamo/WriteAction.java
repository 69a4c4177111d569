package dev.cliauth.local.dynamo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One conditional write, validated before any item is read: a Put, an Update, a Delete, or a
 * transaction's ConditionCheck. The same shape serves PutItem, UpdateItem, DeleteItem and every
 * member of TransactWriteItems. The caller holds the table's write lock while it calls
 * {@link #conditionHolds} and {@link #after}.
 */
final class WriteAction {

    enum Kind { PUT, UPDATE, DELETE, CHECK }

    private static final Set<String> ON_FAILURE = Set.of("ALL_OLD", "NONE");
    private static final String[] LEGACY = {"Expected", "ConditionalOperator", "AttributeUpdates"};

    private final Kind kind;
    private final Table table;
    private final PrimaryKey pk;
    private final Map<String, Value> keyAttributes;
    private final Map<String, Value> item;
    private final Expression<Update> update;
    private final Expression<Condition> condition;
    private final Placeholders placeholders;
    private final boolean oldItemOnFailure;

    private WriteAction(Kind kind, Table table, PrimaryKey pk, Map<String, Value> keyAttributes, Map<String, Value> item,
                        Expression<Update> update, Expression<Condition> condition, Placeholders placeholders,
                        boolean oldItemOnFailure) {
        this.kind = kind;
        this.table = table;
        this.pk = pk;
        this.keyAttributes = keyAttributes;
        this.item = item;
        this.update = update;
        this.condition = condition;
        this.placeholders = placeholders;
        this.oldItemOnFailure = oldItemOnFailure;
    }

    /** Reads and validates one write of {@code kind} from its request members. */
    static WriteAction parse(Kind kind, Request r, Function<String, Table> tables, String operation) {
        r.refuse(operation, LEGACY);
        Table table = tables.apply(r.required("TableName"));
        Placeholders p = r.placeholders();
        String conditionText = r.expression("ConditionExpression");
        if (kind == Kind.CHECK && conditionText == null) {
            throw DynamoException.validation("The ConditionExpression of a ConditionCheck must be given");
        }
        Expression<Condition> condition = conditionText == null ? null
                : Parser.condition(conditionText, "ConditionExpression");
        if (condition != null) {
            p.checkDefined(condition);
        }
        boolean oldOnFailure = r.choice("ReturnValuesOnConditionCheckFailure", "NONE", ON_FAILURE).equals("ALL_OLD");
        Map<String, Value> item = null;
        Expression<Update> update = null;
        PrimaryKey pk;
        Map<String, Value> key;
        if (kind == Kind.PUT) {
            item = r.attributes("Item");
            if (item == null) {
                throw DynamoException.validation("1 validation error detected: Value null at 'item' failed to satisfy"
                        + " constraint: Member must not be null");
            }
            pk = table.key().ofItem(item);
            key = table.key().attributes(item);
            table.validate(item);
            p.checkAllUsed(condition);
        } else {
            key = r.attributes("Key");
            pk = table.key().fromKey(key);
            if (kind == Kind.UPDATE) {
                String text = r.expression("UpdateExpression");
                if (text == null) {
                    throw DynamoException.validation(operation + ": an UpdateExpression is required by cliauth's local"
                            + " DynamoDB engine (AttributeUpdates is not implemented)");
                }
                update = Parser.update(text);
                p.checkDefined(update);
                p.checkAllUsed(update, condition);
                update.tree().check(p);
                for (Path.Resolved target : update.tree().targets(p)) {
                    if (table.key().names().contains(target.top())) {
                        throw DynamoException.validation("One or more parameter values were invalid: Cannot update attribute "
                                + target.top() + ". This attribute is part of the key");
                    }
                }
            } else {
                p.checkAllUsed(condition);
            }
        }
        if (condition != null) {
            Parser.checkLiterals(condition.tree(), p, "ConditionExpression");
        }
        return new WriteAction(kind, table, pk, key, item, update, condition, p, oldOnFailure);
    }

    Kind kind() {
        return kind;
    }

    Table table() {
        return table;
    }

    PrimaryKey pk() {
        return pk;
    }

    boolean oldItemOnFailure() {
        return oldItemOnFailure;
    }

    /** Whether the condition (if any) holds for the stored item ({@code null}: none). */
    boolean conditionHolds(Map<String, Value> before) {
        return condition == null || condition.tree().test(before == null ? Map.of() : before, placeholders);
    }

    /** The item after this write (null: deleted or absent); a ValidationException when DynamoDB would refuse it. */
    Map<String, Value> after(Map<String, Value> before) {
        return switch (kind) {
            case PUT -> item;
            case DELETE -> null;
            case CHECK -> before;
            case UPDATE -> {
                Map<String, Value> base = before == null ? new LinkedHashMap<>(keyAttributes) : before;
                Map<String, Value> after = update.tree().apply(base, placeholders);
                if (Value.itemSize(after) > Table.MAX_ITEM_BYTES) {
                    throw DynamoException.validation("Item size to update has exceeded the maximum allowed size");
                }
                table.validate(after);
                yield after;
            }
        };
    }

    /** The paths an update wrote (UPDATED_OLD, UPDATED_NEW), projected out of {@code item}. */
    Map<String, Value> updated(Map<String, Value> item) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (item == null) {
            return out;
        }
        List<Path.Resolved> targets = update.tree().targets(placeholders);
        for (Path.Resolved t : targets) {
            t.project(item, out);
        }
        return out;
    }

    /** Write units on the table, and on each index in {@code capacity}. */
    void consume(Capacity capacity, Map<String, Value> before, Map<String, Value> after, boolean transaction) {
        int size = Math.max(Value.itemSize(before), Value.itemSize(after));
        capacity.addTable((transaction ? 2 : 1) * Capacity.writeUnits(size));
        for (Index i : table.indexes()) {
            capacity.addIndex(i.name(), i.writeUnits(before, after));
        }
    }
}
