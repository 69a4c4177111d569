package dev.cliauth.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load generator: scenarios start at a fixed arrival rate whatever the responses
 * do (one thread schedules arrivals; requests run asynchronously), and the first request of each
 * scenario is timed from its intended arrival, so a server that falls behind shows it in the
 * latency instead of slowing the load down.
 */
final class OpenLoad {

    /** One scenario instance started at {@code intendedNanos}; it records into {@code recorder}. */
    interface Scenario {
        CompletableFuture<?> start(long intendedNanos, Recorder recorder);
    }

    /** Latencies and errors of one step, safe to use from response threads. */
    static final class Recorder {
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private final AtomicInteger errors = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();

        void latency(long nanos) {
            latencies.add(nanos);
        }

        void error(String what) {
            if (errors.incrementAndGet() <= 5) {
                samples.add(what.length() > 300 ? what.substring(0, 300) : what);
            }
        }
    }

    /** What one step measured. */
    record Step(double rate, int arrivals, Percentiles latency, int errors, double maxLagMs, List<String> errorSamples) {

        Map<String, Object> describe(boolean passed) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate_per_s", rate);
            m.put("arrivals", arrivals);
            m.put("requests", latency.count());
            m.put("errors", errors);
            m.put("p50_ms", Percentiles.round(latency.p50()));
            m.put("p99_ms", Percentiles.round(latency.p99()));
            m.put("max_ms", Percentiles.round(latency.maxMs()));
            m.put("generator_max_lag_ms", Percentiles.round(maxLagMs));
            m.put("passed", passed);
            if (!errorSamples.isEmpty()) {
                m.put("error_samples", errorSamples);
            }
            return m;
        }
    }

    private OpenLoad() {
    }

    /** Starts {@code rate × seconds} scenarios at {@code rate} per second and waits (bounded) for them to end. */
    static Step run(double rate, double seconds, Scenario scenario, int drainSeconds) {
        int arrivals = Math.max(1, (int) Math.round(rate * seconds));
        Recorder recorder = new Recorder();
        List<CompletableFuture<?>> running = new ArrayList<>(arrivals);
        long start = System.nanoTime() + 20_000_000;
        long maxLag = 0;
        for (int i = 0; i < arrivals; i++) {
            long intended = start + (long) (i * 1e9 / rate);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - intended);
            CompletableFuture<?> f;
            try {
                f = scenario.start(intended, recorder);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            running.add(f.exceptionally(e -> {
                recorder.error(String.valueOf(e));
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(drainSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            long unfinished = running.stream().filter(f -> !f.isDone()).count();
            for (long i = 0; i < unfinished; i++) {
                recorder.error("scenario unfinished " + drainSeconds + " s after the last arrival");
            }
            running.forEach(f -> f.cancel(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            recorder.error(String.valueOf(e.getCause()));
        }
        long[] nanos = recorder.latencies.stream().mapToLong(Long::longValue).toArray();
        return new Step(rate, arrivals, new Percentiles(nanos), recorder.errors.get(), maxLag / 1e6,
                List.copyOf(recorder.samples));
    }
}
