package dev.cliauth.logging;

import dev.cliauth.protocol.Json;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * A logger writing JSON lines: {@code time}, {@code level}, {@code logger}, {@code request_id},
 * {@code message} and, for a throwable, {@code error} (class and message) and a short
 * {@code stack}. The threshold is {@code CLIAUTH_LOG_LEVEL} (default INFO).
 */
public final class JsonLogger extends LegacyAbstractLogger {

    private static final Level THRESHOLD = threshold();
    private static volatile PrintStream sink = System.out;

    JsonLogger(String name) {
        this.name = name;
    }

    /** Where lines go; tests capture them here. */
    public static void sink(PrintStream out) {
        sink = out;
    }

    private static Level threshold() {
        String configured = System.getenv("CLIAUTH_LOG_LEVEL");
        try {
            return configured == null ? Level.INFO : Level.valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    private static boolean enabled(Level level) {
        return level.toInt() >= THRESHOLD.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        if (!enabled(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "time", Instant.now().toString());
        field(line, "level", level.name());
        field(line, "logger", name);
        String requestId = MDC.get("request_id");
        if (requestId != null) {
            field(line, "request_id", requestId);
        }
        field(line, "message", MessageFormatter.basicArrayFormat(pattern, arguments));
        if (throwable != null) {
            field(line, "error", throwable.getClass().getName() + ": " + throwable.getMessage());
            StringBuilder stack = new StringBuilder();
            StackTraceElement[] frames = throwable.getStackTrace();
            for (int i = 0; i < Math.min(12, frames.length); i++) {
                stack.append(frames[i]).append(" | ");
            }
            field(line, "stack", stack.toString());
        }
        line.setLength(line.length() - 1);
        sink.println(line.append('}'));
    }

    private static void field(StringBuilder out, String key, String value) {
        Json.string(out, key);
        out.append(':');
        Json.string(out, value == null ? "null" : value);
        out.append(',');
    }
}
