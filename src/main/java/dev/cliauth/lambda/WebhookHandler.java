package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.cliauth.config.Functions;
import dev.cliauth.webhook.WebhookDispatcher;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point of the webhook function: the table's stream, filtered in {@code template.yaml}
 * to new audit items, in batches. Each event goes to its org's webhook ({@link WebhookDispatcher});
 * one that fails every attempt is reported as a batch item failure, so Lambda retries from it
 * (the stream's {@code MaximumRetryAttempts}) and then hands it to the dead-letter queue. Its own
 * Micronaut context in the {@code webhook} environment, built once per instance; not an HTTP function.
 */
public final class WebhookHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse>, AutoCloseable {

    private final ApplicationContext context;
    private final WebhookDispatcher dispatcher;

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    public WebhookHandler() {
        this(Map.of());
    }

    /** For tests and local mode: the same function with extra properties and beans. */
    public WebhookHandler(Map<String, Object> properties, Object... singletons) {
        this.context = new LambdaApplicationContextBuilder().environments(Functions.WEBHOOK).deduceEnvironment(false)
                .deduceCloudEnvironment(false).banner(false).properties(properties).singletons(singletons).start();
        this.dispatcher = context.getBean(WebhookDispatcher.class);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context lambdaContext) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of()
                : event.getRecords()) {
            if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null
                    || record.getDynamodb().getNewImage() == null) {
                continue;
            }
            if (dispatcher.dispatch(image(record.getDynamodb().getNewImage())) == WebhookDispatcher.Outcome.FAILED) {
                // Lambda retries from the first failure: the records after it are retried too, and
                // a receiver drops what it has seen by webhook-id.
                failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
                break;
            }
        }
        return new StreamsEventResponse(failures);
    }

    /** A stream image in the SDK's attribute values: strings, numbers and lists of strings (all an audit item has). */
    static Map<String, AttributeValue> image(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> in) {
        Map<String, AttributeValue> out = new HashMap<>();
        in.forEach((name, v) -> {
            AttributeValue converted = value(v);
            if (converted != null) {
                out.put(name, converted);
            }
        });
        return out;
    }

    private static AttributeValue value(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getL() != null) {
            List<AttributeValue> list = new ArrayList<>();
            for (var e : v.getL()) {
                AttributeValue c = value(e);
                if (c != null) {
                    list.add(c);
                }
            }
            return AttributeValue.fromL(list);
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        return null;
    }

    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        if (context.isRunning()) {
            context.close();
        }
    }
}
