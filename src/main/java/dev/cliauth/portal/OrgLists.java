package dev.cliauth.portal;

import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The two table calls the portal's stores share: a page of an org list, and a conditional change of an existing item. */
final class OrgLists {

    private OrgLists() {
    }

    /** A condition beyond "the item exists": its expression, attribute names and values. */
    record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
    }

    /**
     * One page of the list {@code list} of the {@code org_items} index (eventually consistent, as
     * every GSI read), in sort order or, {@code forward} false, reversed; from after {@code startKey}.
     */
    static QueryResponse query(DynamoDbClient dynamo, String table, String list, boolean forward, int limit,
                               @Nullable Map<String, AttributeValue> startKey) {
        return Dynamo.call("Query org list", () -> dynamo.query(q -> q.tableName(table).indexName(Keys.ORG_INDEX)
                .keyConditionExpression("#l = :l").expressionAttributeNames(Map.of("#l", Keys.ORG_LIST))
                .expressionAttributeValues(Map.of(":l", Attrs.s(list))).scanIndexForward(forward).limit(limit)
                .exclusiveStartKey(startKey)));
    }

    /** An update of one item: its expressions, attribute names and values. */
    record Change(String pk, String update, String condition, Map<String, String> names, Map<String, AttributeValue> values) {

        /** The same change inside a transaction. */
        TransactWriteItem inTransaction(String table) {
            return TransactWriteItem.builder().update(u -> u.tableName(table).key(Attrs.key(pk)).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values.isEmpty() ? null : values)).build();
        }
    }

    /** {@code SET} and {@code REMOVE} on the item {@code pk}, when it exists and {@code condition} holds. */
    static Change change(String pk, Map<String, AttributeValue> set, List<String> remove, @Nullable Condition condition) {
        Map<String, String> names = new HashMap<>(condition == null ? Map.of() : condition.names());
        Map<String, AttributeValue> values = new HashMap<>(condition == null ? Map.of() : condition.values());
        List<String> parts = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : set.entrySet()) {
            names.put("#s" + i, e.getKey());
            values.put(":s" + i, e.getValue());
            parts.add("#s" + i + " = :s" + i);
            i++;
        }
        StringBuilder expression = new StringBuilder(parts.isEmpty() ? "" : "SET " + String.join(", ", parts));
        for (int r = 0; r < remove.size(); r++) {
            names.put("#r" + r, remove.get(r));
            expression.append(r == 0 ? " REMOVE " : ", ").append("#r").append(r);
        }
        String when = "attribute_exists(pk)" + (condition == null ? "" : " AND " + condition.expression());
        return new Change(pk, expression.toString().trim(), when, names, values);
    }

    /**
     * {@code SET} and {@code REMOVE} on the item {@code pk}, when it exists and {@code condition}
     * holds; false when not.
     */
    static boolean update(DynamoDbClient dynamo, String table, String pk, Map<String, AttributeValue> set,
                          List<String> remove, @Nullable Condition condition) {
        Change c = change(pk, set, remove, condition);
        try {
            Dynamo.call("UpdateItem " + pk.substring(0, pk.indexOf('#')), () -> dynamo.updateItem(u -> u.tableName(table)
                    .key(Attrs.key(pk)).updateExpression(c.update()).conditionExpression(c.condition())
                    .expressionAttributeNames(c.names()).expressionAttributeValues(c.values().isEmpty() ? null : c.values())));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
