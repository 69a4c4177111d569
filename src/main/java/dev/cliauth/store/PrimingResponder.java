package dev.cliauth.store;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the DynamoDB client inside the process while {@link PrimingMode} is active, in the
 * service's own wire format (JSON 1.0), so priming runs the SDK's marshalling, signing and
 * unmarshalling: {@code GetItem} and {@code Query} find the items of the throwaway fixture, an
 * update of a fixture item answers with the item as it is, any other single-item write fails its
 * condition, and a transaction is acknowledged without being performed, so the endpoints' success
 * paths run too. Nothing is ever written. Each operation is recorded.
 */
final class PrimingResponder {

    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final Map<String, Map<String, AttributeValue>> fixture;
    private final JsonMapper json;
    private final List<String> operations = Collections.synchronizedList(new ArrayList<>());

    PrimingResponder(Map<String, Map<String, AttributeValue>> fixture, JsonMapper json) {
        this.fixture = Map.copyOf(fixture);
        this.json = json;
    }

    /**
     * The operations seen, in order: a read with the kind of key it read ({@code GetItem CLIENT});
     * refused writes end in {@code " refused"}.
     */
    List<String> operations() {
        synchronized (operations) {
            return List.copyOf(operations);
        }
    }

    ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return answer(request);
            }

            @Override
            public void abort() {
                // answered synchronously; nothing to abort
            }
        };
    }

    private HttpExecuteResponse answer(HttpExecuteRequest request) throws IOException {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        Answer answer = answer(target, readAll(request));
        return HttpExecuteResponse.builder()
                .response(SdkHttpFullResponse.builder()
                        .statusCode(answer.status())
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", Integer.toString(answer.body().length))
                        .putHeader("x-amzn-RequestId", "priming")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
                .build();
    }

    /** A response in DynamoDB's wire format: status and JSON body. */
    record Answer(int status, byte[] body) {
    }

    /**
     * The answer to one request ({@code X-Amz-Target} and JSON body), whether it came in-process or
     * over the loopback priming server. Nothing here writes: an update of a fixture item answers
     * with the item as it is, as if updated; any other single-item write fails its condition; a
     * transaction is acknowledged and not performed.
     */
    Answer answer(String target, byte[] requestBody) throws IOException {
        String operation = target.substring(target.indexOf('.') + 1);
        JsonNode body = json.readValue(requestBody, JsonNode.class);
        return switch (operation) {
            case "GetItem" -> {
                String key = key(body);
                operations.add(operation + " " + kind(key));
                Map<String, AttributeValue> item = fixture.get(key);
                yield ok(item == null ? Map.of() : Map.of("Item", item(item)));
            }
            case "Query" -> {
                operations.add(operation);
                List<JsonNode> items = new ArrayList<>();
                String indexKey = firstStringValue(body.get("ExpressionAttributeValues"));
                fixture.values().stream()
                        .filter(item -> item.containsKey(Keys.USER_CODE_KEY) && item.get(Keys.USER_CODE_KEY).s().equals(indexKey))
                        .forEach(item -> items.add(item(item)));
                yield ok(Map.of("Count", JsonNode.createNumberNode(items.size()),
                        "ScannedCount", JsonNode.createNumberNode(items.size()),
                        "Items", JsonNode.createArrayNode(items)));
            }
            case "UpdateItem" -> {
                Map<String, AttributeValue> item = fixture.get(key(body));
                if (item == null) {
                    operations.add(operation + " refused");
                    yield error("ConditionalCheckFailedException", Map.of());
                }
                operations.add(operation + " not written");
                yield ok(Map.of("Attributes", item(item)));
            }
            case "PutItem", "DeleteItem" -> {
                operations.add(operation + " refused");
                yield error("ConditionalCheckFailedException", Map.of());
            }
            case "TransactWriteItems" -> {
                // Acknowledged and not performed: the endpoint goes on as after a success (a code
                // issued, an attempt counted), so its success path is primed too; nothing is stored.
                operations.add(operation + " not written");
                yield ok(Map.of());
            }
            default -> {
                operations.add(operation + " refused");
                yield error("ValidationException", Map.of());
            }
        };
    }

    /** What a key names, without naming it: its prefix ({@code CLIENT}, {@code SESSIONKEY}…). */
    private static String kind(String key) {
        int hash = key.indexOf('#');
        return hash < 0 ? key : key.substring(0, hash);
    }

    private static String key(JsonNode body) {
        JsonNode pk = body.get("Key") == null ? null : body.get("Key").get(Keys.PK);
        return pk == null || pk.get("S") == null ? "" : pk.get("S").getStringValue();
    }

    private static String firstStringValue(JsonNode values) {
        if (values != null) {
            for (Map.Entry<String, JsonNode> value : values.entries()) {
                if (value.getValue().get("S") != null) {
                    return value.getValue().get("S").getStringValue();
                }
            }
        }
        return "";
    }

    private Answer ok(Map<String, JsonNode> fields) throws IOException {
        return new Answer(200, json.writeValueAsBytes(JsonNode.createObjectNode(fields)));
    }

    private Answer error(String type, Map<String, JsonNode> extra) throws IOException {
        Map<String, JsonNode> fields = new LinkedHashMap<>(extra);
        fields.put("__type", JsonNode.createStringNode(PREFIX + type));
        fields.put("message", JsonNode.createStringNode("priming writes nothing"));
        return new Answer(400, json.writeValueAsBytes(JsonNode.createObjectNode(fields)));
    }

    private static byte[] readAll(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An item in DynamoDB's JSON form: each attribute a one-key object naming its type. */
    private static JsonNode item(Map<String, AttributeValue> item) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        item.forEach((name, value) -> fields.put(name, value(value)));
        return JsonNode.createObjectNode(fields);
    }

    private static JsonNode value(AttributeValue v) {
        if (v.s() != null) {
            return typed("S", JsonNode.createStringNode(v.s()));
        }
        if (v.n() != null) {
            return typed("N", JsonNode.createStringNode(v.n()));
        }
        if (v.b() != null) {
            return typed("B", JsonNode.createStringNode(Base64.getEncoder().encodeToString(v.b().asByteArray())));
        }
        if (v.bool() != null) {
            return typed("BOOL", JsonNode.createBooleanNode(v.bool()));
        }
        if (v.hasL()) {
            return typed("L", JsonNode.createArrayNode(v.l().stream().map(PrimingResponder::value).toList()));
        }
        if (v.hasM()) {
            return typed("M", item(v.m()));
        }
        if (v.hasSs()) {
            return typed("SS", JsonNode.createArrayNode(v.ss().stream().map(JsonNode::createStringNode).toList()));
        }
        throw new IllegalArgumentException("priming fixture: unsupported attribute type " + v.type());
    }

    private static JsonNode typed(String type, JsonNode value) {
        return JsonNode.createObjectNode(Map.of(type, value));
    }
}
