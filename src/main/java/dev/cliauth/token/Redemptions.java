package dev.cliauth.token;

import dev.cliauth.config.Functions;
import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.grant.GrantRepository;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the redemption transaction ({@link GrantRepository#redeem}) on a worker thread, so the
 * request thread can sign the tokens meanwhile. The workers carry the request's log context; an
 * exception of the transaction is rethrown as it was.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class Redemptions {

    private final GrantRepository grants;
    private final ExecutorService workers;

    public Redemptions(GrantRepository grants) {
        this.grants = grants;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "redeem-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the redemption transaction. */
    Future<GrantRepository.Redemption> submit(DeviceGrant grant, String accessTokenId, long now,
                                              List<TransactWriteItem> alongside) {
        Map<String, String> log = MDC.getCopyOfContextMap();
        return workers.submit(() -> {
            if (log != null) {
                MDC.setContextMap(log);
            }
            try {
                return grants.redeem(grant, accessTokenId, now, alongside);
            } finally {
                MDC.clear();
            }
        });
    }

    /** Its outcome, or the exception it ended with. */
    GrantRepository.Redemption await(Future<GrantRepository.Redemption> redemption) {
        try {
            return redemption.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("redemption failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redeeming", e);
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
