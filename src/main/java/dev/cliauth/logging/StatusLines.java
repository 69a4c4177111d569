package dev.cliauth.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Logback's own warnings and errors (an appender that cannot write, say) as JSON lines of logger
 * {@code ch.qos.logback}, so standard output holds nothing but JSON lines. With a listener in place
 * Logback also skips printing its status in plain text, and the cost of setting that printer up.
 */
final class StatusLines implements StatusListener {

    static final String LOGGER = "ch.qos.logback";

    private final OutputStream out = JsonLogger.stream();

    @Override
    public void addStatusEvent(Status status) {
        if (status.getLevel() < Status.WARN) {
            return;
        }
        StringBuilder line = new StringBuilder(160).append('{');
        JsonLineEncoder.field(line, "time", Instant.ofEpochMilli(status.getTimestamp()).toString());
        JsonLineEncoder.field(line, "level", status.getLevel() == Status.ERROR ? "ERROR" : "WARN");
        JsonLineEncoder.field(line, "logger", LOGGER);
        JsonLineEncoder.field(line, "message", status.getMessage());
        if (status.getThrowable() != null) {
            JsonLineEncoder.field(line, "error", status.getThrowable().getClass().getName());
            JsonLineEncoder.field(line, "stack", Traces.withoutMessages(status.getThrowable()));
        }
        line.setLength(line.length() - 1);
        byte[] bytes = line.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException | RuntimeException e) {
                // nowhere left to report to
            }
        }
    }

    @Override
    public boolean isResetResistant() {
        return true;
    }
}
