package dev.cliauth.admin;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command prints: {@code name: value} lines for people, or one JSON object per command with
 * {@code --output json} for scripts (a list as {@code {"clients": [...]}}).
 */
final class Output {

    private final PrintStream out;
    private final boolean json;

    Output(PrintStream out, String format) {
        this.out = out;
        this.json = switch (format) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new UsageError("--output: text or json");
        };
    }

    void record(Map<String, Object> fields) {
        if (json) {
            out.println(JSONObjectUtils.toJSONString(fields));
            return;
        }
        fields.forEach((k, v) -> out.println(k + ": " + text(v)));
    }

    void list(String name, List<Map<String, Object>> items) {
        if (json) {
            Map<String, Object> wrapped = new LinkedHashMap<>();
            wrapped.put(name, items);
            out.println(JSONObjectUtils.toJSONString(wrapped));
            return;
        }
        if (items.isEmpty()) {
            out.println("(no " + name + ")");
        }
        for (Map<String, Object> item : items) {
            StringBuilder line = new StringBuilder();
            item.forEach((k, v) -> line.append(line.length() == 0 ? "" : "  ").append(k).append('=').append(text(v)));
            out.println(line);
        }
    }

    /** A note for people (not printed with {@code --output json}, where it would break the JSON). */
    void note(String text) {
        if (!json) {
            out.println(text);
        }
    }

    private static String text(Object v) {
        return v instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : Inputs.printable(String.valueOf(v));
    }
}
