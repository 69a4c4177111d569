package dev.cliauth.webhook;

import dev.cliauth.config.Functions;
import dev.cliauth.config.WebhookSettings;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts one signed event, retrying with exponential backoff ({@code first-retry}, then double each
 * time) until an answer 2xx or the attempts are spent. Every attempt is signed anew with the time
 * it is sent, under the same {@code webhook-id}, so a receiver can refuse stale timestamps and drop
 * duplicates. Redirects are not followed. Logs say where, which attempt and what status; never the
 * secret, signature or body.
 */
@Singleton
@Requires(env = Functions.WEBHOOK)
public class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    /** Waits between attempts (tests count them instead of sleeping through them). */
    @FunctionalInterface
    public interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private final WebhookSettings settings;
    private final Clock clock;
    private final Pause pause;
    private final HttpClient http;

    public WebhookSender(WebhookSettings settings, Clock clock, java.util.Optional<Pause> pause) {
        this.settings = settings;
        this.clock = clock;
        this.pause = pause.orElse(Thread::sleep);
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Whether the event was accepted (a 2xx) within the attempts. {@code target}'s URL must have been
     * checked {@link WebhookTargets#sendable} (the dispatcher does, once per event).
     */
    public boolean send(WebhookConfig target, String id, String body) {
        long wait = settings.firstRetry().toMillis();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                try {
                    pause.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                wait *= 2;
            }
            long timestamp = clock.millis() / 1000;
            HttpRequest request = HttpRequest.newBuilder(URI.create(target.url()))
                    .timeout(settings.timeout())
                    .header("content-type", "application/json")
                    .header("user-agent", "cliauth-webhook/1")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.sign(target.secret(), id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            // The request's own timeout ends when the headers arrive; the whole answer, its body too,
            // must come within the timeout, or a receiver that stalls mid-body holds the function.
            CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            try {
                int status = exchange.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
                if (status >= 200 && status < 300) {
                    LOG.info("webhook {} delivered to {} on attempt {}", id, host(target), attempt);
                    return true;
                }
                LOG.warn("webhook {} to {}: attempt {} answered {}", id, host(target), attempt, status);
            } catch (TimeoutException e) {
                exchange.cancel(true);
                LOG.warn("webhook {} to {}: attempt {} not answered within {}", id, host(target), attempt, settings.timeout());
            } catch (ExecutionException e) {
                LOG.warn("webhook {} to {}: attempt {} failed ({})", id, host(target), attempt,
                        e.getCause() == null ? "?" : e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                exchange.cancel(true);
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static String host(WebhookConfig target) {
        return URI.create(target.url()).getHost();
    }
}
