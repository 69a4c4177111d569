package dev.cliauth.local.dynamo;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed access to one request object (or a member of one), refusing what the engine does not implement. */
final class Request {

    private final Map<String, Object> members;

    Request(Map<String, Object> members) {
        this.members = members;
    }

    @SuppressWarnings("unchecked")
    static Request of(Object json) {
        if (!(json instanceof Map<?, ?> m)) {
            throw DynamoException.serialization("Expected a JSON object");
        }
        return new Request((Map<String, Object>) m);
    }

    boolean has(String name) {
        return members.get(name) != null;
    }

    String string(String name) {
        Object v = members.get(name);
        if (v != null && !(v instanceof String)) {
            throw DynamoException.serialization(name + " must be a string");
        }
        return (String) v;
    }

    String required(String name) {
        String v = string(name);
        if (v == null) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + lower(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    /** An enumerated member: one of {@code allowed}, or {@code fallback} when absent. */
    String choice(String name, String fallback, Set<String> allowed) {
        String v = string(name);
        if (v == null) {
            return fallback;
        }
        if (!allowed.contains(v)) {
            throw DynamoException.validation("1 validation error detected: Value '" + v + "' at '" + lower(name)
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
        return v;
    }

    boolean bool(String name) {
        Object v = members.get(name);
        if (v != null && !(v instanceof Boolean)) {
            throw DynamoException.serialization(name + " must be a boolean");
        }
        return Boolean.TRUE.equals(v);
    }

    Integer integer(String name) {
        Object v = members.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof BigDecimal d)) {
            throw DynamoException.serialization(name + " must be a number");
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw DynamoException.serialization(name + " must be an integer");
        }
    }

    Request object(String name) {
        Object v = members.get(name);
        return v == null ? null : of(v);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String name) {
        Object v = members.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            throw DynamoException.serialization(name + " must be a list");
        }
        return (List<Object>) l;
    }

    Map<String, Value> attributes(String name) {
        Object v = members.get(name);
        return v == null ? null : Value.mapFromJson(v);
    }

    /** ExpressionAttributeNames and ExpressionAttributeValues of this request. */
    Placeholders placeholders() {
        Map<String, String> names = new LinkedHashMap<>();
        Object n = members.get("ExpressionAttributeNames");
        if (n != null) {
            if (!(n instanceof Map<?, ?> m)) {
                throw DynamoException.serialization("ExpressionAttributeNames must be a map");
            }
            if (m.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeNames must not be empty");
            }
            m.forEach((k, v) -> names.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, Value> values = attributes("ExpressionAttributeValues");
        if (values != null && values.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeValues must not be empty");
        }
        return new Placeholders(names, values == null ? Map.of() : values);
    }

    /** An expression member: null when absent, refused when empty. */
    String expression(String name) {
        String v = string(name);
        if (v != null && v.isBlank()) {
            throw DynamoException.validation("Invalid " + name + ": The expression can not be empty;");
        }
        return v;
    }

    /** Refuses members this engine does not implement (cliauth never sends them). */
    void refuse(String operation, String... unsupported) {
        for (String name : unsupported) {
            if (has(name)) {
                throw DynamoException.validation(operation + ": " + name + " is not implemented by cliauth's local"
                        + " DynamoDB engine (dev.cliauth.local.dynamo), which implements what cliauth uses");
            }
        }
    }

    private static String lower(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
