package dev.cliauth.local.dynamo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as DynamoDB answers it: HTTP status, the {@code __type} the SDK maps to an exception
 * class, the message, and the members some errors carry ({@code Item}, {@code CancellationReasons}).
 */
final class DynamoException extends RuntimeException {

    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final int status;
    private final String type;
    private final Map<String, Object> members;

    DynamoException(int status, String type, String message, Map<String, Object> members) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.members = members;
    }

    static DynamoException validation(String message) {
        return new DynamoException(400, "ValidationException", message, Map.of());
    }

    static DynamoException serialization(String message) {
        return new DynamoException(400, "SerializationException", message, Map.of());
    }

    static DynamoException notFound(String message) {
        return new DynamoException(400, "ResourceNotFoundException", message, Map.of());
    }

    static DynamoException inUse(String message) {
        return new DynamoException(400, "ResourceInUseException", message, Map.of());
    }

    static DynamoException conditionFailed(Map<String, Object> members) {
        return new DynamoException(400, "ConditionalCheckFailedException", "The conditional request failed", members);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** The error body: {@code __type}, {@code message} and the extra members. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", PREFIX + type);
        body.put("message", getMessage());
        body.putAll(members);
        return body;
    }
}
