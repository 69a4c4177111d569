package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.cliauth.config.Functions;
import dev.cliauth.config.WebhookSettings;
import dev.cliauth.webhook.WebhookDispatcher;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point of the webhook function: the table's stream (keys only), filtered in
 * {@code template.yaml} to new audit items, in batches. Each event goes to its org's webhook
 * ({@link WebhookDispatcher}); one that fails every attempt is reported as a batch item failure,
 * so Lambda retries from it (the stream's {@code MaximumRetryAttempts}) and then records the
 * batch's stream position in the dead-letter queue. Its own
 * Micronaut context in the {@code webhook} environment, built once per instance; not an HTTP function.
 */
public final class WebhookHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse>, AutoCloseable {

    private final ApplicationContext context;
    private final WebhookDispatcher dispatcher;
    /** The time one event may take (with a second to report): an event started with less left is reported failed untried. */
    private final long longestSend;

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    public WebhookHandler() {
        this(Map.of());
    }

    /** For tests and local mode: the same function with extra properties and beans. */
    public WebhookHandler(Map<String, Object> properties, Object... singletons) {
        this.context = new LambdaApplicationContextBuilder().environments(Functions.WEBHOOK).deduceEnvironment(false)
                .deduceCloudEnvironment(false).banner(false).properties(properties).singletons(singletons).start();
        this.dispatcher = context.getBean(WebhookDispatcher.class);
        this.longestSend = context.getBean(WebhookSettings.class).longestSend().plusSeconds(1).toMillis();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context lambdaContext) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        boolean outOfTime = false;
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of()
                : event.getRecords()) {
            if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null || record.getDynamodb().getKeys() == null
                    || record.getDynamodb().getKeys().get("pk") == null) {
                continue;
            }
            // Every record is tried while the invocation has time for it, so one org's broken endpoint
            // never holds back another's events; the rest are reported, not lost to a timeout (which
            // would fail the whole batch). Lambda retries from the first failure reported: the records
            // after it come again, and a receiver drops what it has seen by webhook-id.
            outOfTime = outOfTime || lambdaContext.getRemainingTimeInMillis() < longestSend;
            if (outOfTime || dispatcher.dispatch(record.getDynamodb().getKeys().get("pk").getS()) == WebhookDispatcher.Outcome.FAILED) {
                failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
            }
        }
        return new StreamsEventResponse(failures);
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
