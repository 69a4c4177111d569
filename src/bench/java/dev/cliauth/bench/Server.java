package dev.cliauth.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A server process the benchmark started (local mode, the peer): ended when the benchmark closes
 * it, and by a shutdown hook if the benchmark is stopped first (Ctrl+C), so none is left behind.
 */
final class Server implements AutoCloseable {

    private final Process process;
    private final Duration grace;
    private final Thread reaper;

    /** Watches {@code process}; {@link #close} gives it {@code grace} to end before it is killed. */
    Server(Process process, Duration grace) {
        this.process = process;
        this.grace = grace;
        this.reaper = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
