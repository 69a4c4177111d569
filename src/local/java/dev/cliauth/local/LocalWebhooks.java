package dev.cliauth.local;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.lambda.WebhookHandler;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local mode's stand-in for the table's stream and its event source mapping: each new audit item
 * of the table goes, as a one-record INSERT event, to the real webhook function, on a thread of its
 * own, in order (the pages never wait on it, as in a deployment). What Lambda would retry and then
 * send to the dead-letter queue is printed instead.
 */
public final class LocalWebhooks implements AutoCloseable {

    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "local-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final WebhookHandler handler;
    private final AtomicLong sequence = new AtomicLong();
    private final String tableArn;

    /** The webhook function's timeout in template.yaml: how long one batch may take. */
    private final java.time.Duration timeout;

    public LocalWebhooks(LocalDynamo dynamo, String table, Map<String, Object> properties, Object... singletons) {
        this.handler = new WebhookHandler(properties, singletons);
        this.timeout = SamTemplate.load().timeout("WebhookFunction");
        this.tableArn = "arn:aws:dynamodb:local:000000000000:table/" + table;
        dynamo.engine().onInsert((inserted, json) -> {
            if (inserted.equals(table) && json.contains("\"AUDIT#")) {
                String seq = Long.toString(sequence.incrementAndGet());
                deliveries.submit(() -> deliver(json, seq));
            }
        });
    }

    private void deliver(String json, String seq) {
        try {
            Map<String, Object> image = JSONObjectUtils.parse(json);
            Object pk = ((Map<?, ?>) image.get("pk")).get("S");
            if (!(pk instanceof String key) || !key.startsWith("AUDIT#")) {
                return;     // the deployment's filter: AUDIT# inserts only
            }
            StreamsEventResponse answer = handler.handleRequest(StreamRecords.insert(image, seq, tableArn),
                    new LambdaInvocation("local-webhook", timeout));
            if (!answer.getBatchItemFailures().isEmpty()) {
                System.err.println("local mode: a webhook event was not delivered after every attempt"
                        + " (a deployment retries it, then keeps it in the dead-letter queue)");
            }
        } catch (Exception | StackOverflowError e) {
            System.err.println("local mode: webhook delivery failed: " + e.getClass().getSimpleName());
        }
    }

    /** Waits up to {@code millis} for the deliveries queued so far (tests). */
    public void drain(long millis) throws Exception {
        deliveries.submit(() -> { }).get(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
        handler.close();
    }
}
