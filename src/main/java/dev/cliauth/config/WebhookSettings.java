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
    }

    /** The longest one event can take to send: every attempt timing out, and every wait between them. */
    public Duration longestSend() {
        return timeout.multipliedBy(attempts).plus(firstRetry.multipliedBy((1L << (attempts - 1)) - 1));
    }
}
