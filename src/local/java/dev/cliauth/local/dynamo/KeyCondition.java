package dev.cliauth.local.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Query's KeyConditionExpression, checked against the key it queries: one {@code =} on the
 * partition key, and at most one comparison, BETWEEN or begins_with on the sort key.
 */
record KeyCondition(Value partition, Condition sortCondition) {

    private static final String KIND = "KeyConditionExpression";

    static KeyCondition of(Expression<Condition> expression, KeySchema key, Placeholders p) {
        List<Condition> parts = new ArrayList<>();
        flatten(expression.tree(), parts);
        Value partition = null;
        Condition sort = null;
        for (Condition part : parts) {
            String attribute = attribute(part, p);
            if (attribute.equals(key.hash())) {
                if (!(part instanceof Condition.Compare c) || !c.operator().equals("=") || partition != null) {
                    throw DynamoException.validation("Query key condition not supported");
                }
                partition = p.value(((Operand.ValueRef) c.right()).token());
                checkType(partition, key.hashType());
            } else if (attribute.equals(key.range())) {
                if (sort != null || part instanceof Condition.Compare c && c.operator().equals("<>")) {
                    throw DynamoException.validation("Query key condition not supported");
                }
                sort = part;
                for (Operand o : operands(part)) {
                    if (o instanceof Operand.ValueRef v) {
                        checkType(p.value(v.token()), key.rangeType());
                    }
                }
            } else {
                throw DynamoException.validation("Query condition missed key schema element: " + key.hash());
            }
        }
        if (partition == null) {
            throw DynamoException.validation("Query condition missed key schema element: " + key.hash());
        }
        Parser.checkLiterals(expression.tree(), p, KIND);
        return new KeyCondition(partition, sort);
    }

    private static void flatten(Condition c, List<Condition> out) {
        if (c instanceof Condition.And a) {
            flatten(a.left(), out);
            flatten(a.right(), out);
        } else if (c instanceof Condition.Or) {
            throw DynamoException.validation("Invalid operator used in KeyConditionExpression: OR");
        } else if (c instanceof Condition.Not) {
            throw DynamoException.validation("Invalid operator used in KeyConditionExpression: NOT");
        } else if (c instanceof Condition.In) {
            throw DynamoException.validation("Invalid operator used in KeyConditionExpression: IN");
        } else if (c instanceof Condition.Call call && !call.function().equals("begins_with")) {
            throw DynamoException.validation("Invalid operator used in KeyConditionExpression: " + call.function());
        } else {
            out.add(c);
        }
    }

    /** The key attribute a part constrains: a top-level path on the left, values on the right. */
    private static String attribute(Condition part, Placeholders p) {
        List<Operand> operands = operands(part);
        if (!(operands.get(0) instanceof Operand.PathRef path) || path.path().steps().size() != 1) {
            throw DynamoException.validation("Invalid KeyConditionExpression: the key condition must name a key attribute");
        }
        for (Operand o : operands.subList(1, operands.size())) {
            if (!(o instanceof Operand.ValueRef)) {
                throw DynamoException.validation("Invalid KeyConditionExpression: key conditions compare with values only");
            }
        }
        return path.path().resolve(p).top();
    }

    private static List<Operand> operands(Condition part) {
        if (part instanceof Condition.Compare c) {
            return List.of(c.left(), c.right());
        }
        if (part instanceof Condition.Between b) {
            return List.of(b.subject(), b.low(), b.high());
        }
        return ((Condition.Call) part).args();
    }

    private static void checkType(Value v, String type) {
        if (!v.type().equals(type)) {
            throw DynamoException.validation("One or more parameter values were invalid: Condition parameter type does"
                    + " not match schema type");
        }
    }

    /** Whether an item (or index entry) of the right partition satisfies the sort key condition. */
    boolean sortMatches(Map<String, Value> item, Placeholders p) {
        return sortCondition == null || sortCondition.test(item, p);
    }
}
