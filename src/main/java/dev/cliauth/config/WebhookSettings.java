package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Delivery of org webhooks (SPEC §13).
 *
 * @param attempts   how many times one event is sent before the function reports it failed (then the
 *                   stream's own retries, then the dead-letter queue)
 * @param firstRetry the wait before the second attempt; each later wait doubles
 * @param timeout    how long one attempt may take, connection and answer
 * @param allowLocal whether webhooks may go to plain HTTP, loopback and private addresses: local mode
 *                   and its tests only (in Lambda, loopback is the runtime API)
 */
@ConfigurationProperties("cliauth.webhook")
public record WebhookSettings(@Bindable(defaultValue = "4") int attempts,
                              @Bindable(defaultValue = "1s") Duration firstRetry,
                              @Bindable(defaultValue = "5s") Duration timeout,
                              @Bindable(defaultValue = "false") boolean allowLocal) {

    public WebhookSettings {
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("cliauth.webhook.attempts must be 1 to 10");
        }
        Require.positive(firstRetry, "cliauth.webhook.first-retry");
        Require.positive(timeout, "cliauth.webhook.timeout");
        Duration longest = longestSend(attempts, firstRetry, timeout);
        if (longest.compareTo(LONGEST_SEND) > 0) {
            // An invocation tries an event only while it has this long left: more would try none.
            throw new IllegalArgumentException("cliauth.webhook.attempts, first-retry and timeout let one event take "
                    + longest.toSeconds() + "s; at most " + LONGEST_SEND.toSeconds() + "s fits the webhook function's time");
        }
    }

    /** The most one event may take to send: the webhook function runs 120 s (template.yaml), with room for one more. */
    public static final Duration LONGEST_SEND = Duration.ofSeconds(55);

    /** The longest one event can take to send: every attempt timing out, and every wait between them. */
    public Duration longestSend() {
        return longestSend(attempts, firstRetry, timeout);
    }

    private static Duration longestSend(int attempts, Duration firstRetry, Duration timeout) {
        return timeout.multipliedBy(attempts).plus(firstRetry.multipliedBy((1L << (attempts - 1)) - 1));
    }
}
