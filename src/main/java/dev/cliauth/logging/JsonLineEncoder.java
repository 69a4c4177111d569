package dev.cliauth.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import org.slf4j.helpers.MessageFormatter;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes a Logback event as one JSON object on one line: {@code time}, {@code level},
 * {@code logger}, {@code request_id} (from the MDC, when set), {@code message}, the event's
 * key-value pairs (the audit trail's fields) and, for a
 * throwable, {@code error} (its class) and {@code stack} ({@link Traces#withoutMessages}).
 *
 * <p>No exception message is written, whoever logs it: a throwable argument is rendered as its
 * class name, and where the message text quotes the message of the event's throwable (the common
 * {@code log.warn("failed: {}", e.getMessage(), e)}), that quote is replaced.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    static final String OMITTED = "[exception message omitted]";
    private static final int CAUSES = 5;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "time", event.getInstant().toString());
        field(line, "level", event.getLevel().toString());
        field(line, "logger", event.getLoggerName());
        Map<String, String> mdc = event.getMDCPropertyMap();
        String requestId = mdc == null ? null : mdc.get("request_id");
        if (requestId != null) {
            field(line, "request_id", requestId);
        }
        Throwable thrown = throwable(event.getThrowableProxy());
        field(line, "message", message(event, thrown));
        // Structured fields of the line (the audit trail's): keys are cliauth's own, values escaped.
        if (event.getKeyValuePairs() != null) {
            for (org.slf4j.event.KeyValuePair pair : event.getKeyValuePairs()) {
                if (pair.value != null) {
                    field(line, pair.key, String.valueOf(pair.value));
                }
            }
        }
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy != null) {
            field(line, "error", proxy.getClassName());
            field(line, "stack", thrown != null ? Traces.withoutMessages(thrown) : proxy.getClassName());
        }
        line.setLength(line.length() - 1);
        return line.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable throwable(IThrowableProxy proxy) {
        return proxy instanceof ThrowableProxy real ? real.getThrowable() : null;
    }

    /** The formatted message with throwables as class names and no quote of the throwable's messages. */
    static String message(ILoggingEvent event, Throwable thrown) {
        Object[] arguments = event.getArgumentArray();
        String text;
        if (arguments == null || arguments.length == 0) {
            text = event.getMessage();
        } else {
            Object[] safe = arguments.clone();
            for (int i = 0; i < safe.length; i++) {
                if (safe[i] instanceof Throwable t) {
                    safe[i] = t.getClass().getName();
                }
            }
            text = MessageFormatter.basicArrayFormat(event.getMessage(), safe);
        }
        if (text == null) {
            return "";
        }
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < CAUSES; t = t.getCause() == t ? null : t.getCause(), depth++) {
            String quoted = t.getMessage();
            if (quoted != null && quoted.length() >= 3) {
                text = text.replace(quoted, OMITTED);
            }
        }
        return text;
    }

    static void field(StringBuilder out, String key, String value) {
        string(out, key);
        out.append(':');
        string(out, value == null ? "null" : value);
        out.append(',');
    }

    /** A JSON string; control characters and line separators escaped, so the object stays on one line. */
    static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
