package dev.cliauth.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB stream events as Lambda hands them to a function: what local mode gives its webhook
 * function for each new item (the engine has no stream of its own), and what tests build from
 * {@code infra/events/audit-stream.json}.
 */
public final class StreamRecords {

    private StreamRecords() {
    }

    /**
     * An event with one INSERT record of the item {@code image} (DynamoDB JSON, as parsed), at
     * {@code sequenceNumber}, as a {@code KEYS_ONLY} stream has it: its key alone.
     */
    public static DynamodbEvent insert(Map<String, Object> image, String sequenceNumber, String tableArn) {
        Map<String, AttributeValue> newImage = image(image);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(sequenceNumber);
        record.setEventName("INSERT");
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion("local");
        record.setEventSourceARN(tableArn + "/stream/local");
        StreamRecord stream = new StreamRecord();
        stream.setKeys(Map.of("pk", newImage.get("pk")));
        stream.setSequenceNumber(sequenceNumber);
        stream.setStreamViewType(StreamViewType.KEYS_ONLY);
        record.setDynamodb(stream);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(List.of(record)));
        return event;
    }

    /** An image in DynamoDB JSON ({@code {"name": {"S": "..."}}}, as parsed) in Lambda's event types. */
    @SuppressWarnings("unchecked")
    public static Map<String, AttributeValue> image(Map<String, Object> json) {
        Map<String, AttributeValue> out = new HashMap<>();
        json.forEach((k, v) -> out.put(k, value((Map<String, Object>) v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static AttributeValue value(Map<String, Object> json) {
        AttributeValue v = new AttributeValue();
        if (json.containsKey("S")) {
            v.setS((String) json.get("S"));
        } else if (json.containsKey("N")) {
            v.setN(String.valueOf(json.get("N")));
        } else if (json.containsKey("BOOL")) {
            v.setBOOL((Boolean) json.get("BOOL"));
        } else if (json.containsKey("L")) {
            List<AttributeValue> list = new ArrayList<>();
            for (Object e : (List<Object>) json.get("L")) {
                list.add(value((Map<String, Object>) e));
            }
            v.setL(list);
        } else if (json.containsKey("M")) {
            v.setM(image((Map<String, Object>) json.get("M")));
        } else if (json.containsKey("SS")) {
            v.setSS((List<String>) json.get("SS"));
        }
        return v;
    }

    /** An SDK item (as a test read it) in DynamoDB JSON, as parsed: for {@link #insert}. */
    public static Map<String, Object> json(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, Object> out = new HashMap<>();
        item.forEach((k, v) -> out.put(k, json(v)));
        return out;
    }

    private static Map<String, Object> json(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        if (v.s() != null) {
            return Map.of("S", v.s());
        }
        if (v.n() != null) {
            return Map.of("N", v.n());
        }
        if (v.bool() != null) {
            return Map.of("BOOL", v.bool());
        }
        if (v.hasL()) {
            return Map.of("L", v.l().stream().map(StreamRecords::json).toList());
        }
        if (v.hasM()) {
            return Map.of("M", json(v.m()));
        }
        if (v.hasSs()) {
            return Map.of("SS", v.ss());
        }
        return Map.of("NULL", true);
    }
}
