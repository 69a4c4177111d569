package dev.cliauth.token;

import dev.cliauth.config.Functions;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.MDC;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a grant's conditional DynamoDB write on a worker thread so that the request thread can sign
 * the tokens meanwhile (two ES256 signatures, most of a redemption's or refresh's own time); the
 * tokens leave only if the write succeeded. The workers carry the request's log context; an
 * exception of the write is rethrown as it was.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class WritesWhileSigning {

    private final ExecutorService workers;

    public WritesWhileSigning() {
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "token-write-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts {@code write}. */
    <T> Future<T> submit(Callable<T> write) {
        Map<String, String> log = MDC.getCopyOfContextMap();
        return workers.submit(() -> {
            if (log != null) {
                MDC.setContextMap(log);
            }
            try {
                return write.call();
            } finally {
                MDC.clear();
            }
        });
    }

    /** Its outcome, or the exception it ended with. */
    <T> T await(Future<T> write) {
        try {
            return write.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("write failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
