package dev.cliauth.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.local.SamTemplate;
import dev.cliauth.local.StreamRecords;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB stream events as Lambda delivers them, from {@code infra/events/audit-stream.json} (the
 * shape {@code sam local invoke WebhookFunction} takes); a test swaps in the item it wrote.
 */
public final class StreamEvents {

    private StreamEvents() {
    }

    /** The file's event as it is. */
    @SuppressWarnings("unchecked")
    public static DynamodbEvent sample() {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(Files.readString(SamTemplate.locate().resolveSibling("infra")
                    .resolve("events").resolve("audit-stream.json"), StandardCharsets.UTF_8));
            List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
            for (Object o : (List<Object>) json.get("Records")) {
                Map<String, Object> r = (Map<String, Object>) o;
                Map<String, Object> d = (Map<String, Object>) r.get("dynamodb");
                DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
                record.setEventID((String) r.get("eventID"));
                record.setEventName((String) r.get("eventName"));
                record.setEventVersion((String) r.get("eventVersion"));
                record.setEventSource((String) r.get("eventSource"));
                record.setAwsRegion((String) r.get("awsRegion"));
                record.setEventSourceARN((String) r.get("eventSourceARN"));
                StreamRecord stream = new StreamRecord();
                stream.setKeys(StreamRecords.image((Map<String, Object>) d.get("Keys")));
                stream.setSequenceNumber((String) d.get("SequenceNumber"));
                stream.setSizeBytes(((Number) d.get("SizeBytes")).longValue());
                stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue((String) d.get("StreamViewType")));
                record.setDynamodb(stream);
                records.add(record);
            }
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(records);
            return event;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sample with its one record's key replaced by {@code item}'s (as stored), sequence number {@code seq}. */
    public static DynamodbEvent insertOf(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item, String seq) {
        DynamodbEvent event = sample();
        StreamRecord stream = event.getRecords().get(0).getDynamodb();
        Map<String, AttributeValue> image = StreamRecords.image(StreamRecords.json(item));
        stream.setKeys(Map.of("pk", image.get("pk")));
        stream.setSequenceNumber(seq);
        return event;
    }
}
