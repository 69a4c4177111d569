package dev.cliauth.protocol;

import io.micronaut.core.annotation.Nullable;

import java.util.Collection;
import java.util.Map;

/**
 * Writes the small JSON documents of the API. Hand-written (no reflection, no databind) and
 * escaping every string, so nothing a client sent can break out of a value.
 */
public final class Json {

    private Json() {
    }

    /** An RFC 6749 §5.2 error body, with {@code interval} for {@code slow_down}. */
    public static String error(OAuthError error, @Nullable Integer interval) {
        StringBuilder out = new StringBuilder(160).append('{');
        field(out, "error", error.code());
        out.append(',');
        field(out, "error_description", error.description());
        if (error.uri() != null) {
            out.append(',');
            field(out, "error_uri", error.uri());
        }
        if (interval != null) {
            out.append(",\"interval\":").append(interval.intValue());
        }
        return out.append('}').toString();
    }

    /** An object whose values are strings, numbers, booleans, collections of strings or nested maps. */
    public static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder(256);
        value(out, fields);
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        string(out, name);
        out.append(':');
        string(out, value);
    }

    private static void value(StringBuilder out, @Nullable Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey().toString());
                out.append(':');
                value(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("unsupported JSON value " + value.getClass());
        }
    }

    /** Appends {@code s} as a JSON string literal, escaped for HTML contexts too. */
    public static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
