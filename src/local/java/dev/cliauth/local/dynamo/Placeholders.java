package dev.cliauth.local.dynamo;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}, checked
 * against the expressions that use them: every placeholder used is defined, every one defined is
 * used (DynamoDB refuses both).
 */
final class Placeholders {

    private final Map<String, String> names;
    private final Map<String, Value> values;

    Placeholders(Map<String, String> names, Map<String, Value> values) {
        if (names.containsValue("")) {
            throw DynamoException.validation("ExpressionAttributeNames contains invalid value: Empty attribute name");
        }
        this.names = names;
        this.values = values;
    }

    String name(String token) {
        String name = names.get(token);
        if (name == null) {
            throw DynamoException.validation("An expression attribute name used in the document path is not defined;"
                    + " attribute name: " + token);
        }
        return name;
    }

    Value value(String token) {
        Value v = values.get(token);
        if (v == null) {
            throw DynamoException.validation("An expression attribute value used in expression is not defined;"
                    + " attribute value: " + token);
        }
        return v;
    }

    /** Refuses an expression that uses an undefined placeholder. */
    void checkDefined(Expression<?> expression) {
        for (String n : expression.names()) {
            if (!names.containsKey(n)) {
                throw DynamoException.validation("Invalid " + expression.kind() + ": An expression attribute name used"
                        + " in the document path is not defined; attribute name: " + n);
            }
        }
        for (String v : expression.values()) {
            if (!values.containsKey(v)) {
                throw DynamoException.validation("Invalid " + expression.kind() + ": An expression attribute value used"
                        + " in expression is not defined; attribute value: " + v);
            }
        }
    }

    /** Refuses names or values that none of {@code expressions} (nulls skipped) uses. */
    void checkAllUsed(Expression<?>... expressions) {
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        boolean any = false;
        for (Expression<?> e : expressions) {
            if (e != null) {
                any = true;
                unusedNames.removeAll(e.names());
                unusedValues.removeAll(e.values());
            }
        }
        if (!any && !names.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (!any && !values.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeValues can only be specified when using expressions");
        }
        if (!unusedNames.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        if (!unusedValues.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
