package dev.cliauth.local;

import java.net.BindException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local mode could not start, said in one line a person can act on: the setting or the port at
 * fault and why. The cause stays attached for a debugger; the message never holds a stack trace.
 */
public final class StartFailure extends RuntimeException {

    private static final Pattern SETTING = Pattern.compile("cliauth(?:\\.[a-z0-9-]+)+");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final String ELLIPSIS = "…";

    StartFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The loopback port could not be bound. */
    static StartFailure port(int port, Exception cause) {
        return port("PORT", port, cause);
    }

    /** The loopback port that the setting {@code setting} names could not be bound. */
    static StartFailure port(String setting, int port, Exception cause) {
        String why = cause instanceof BindException ? "is already in use" : "cannot be opened (" + oneLine(cause) + ")";
        return new StartFailure("port " + port + " on 127.0.0.1 " + why + "; stop what listens there or choose another port with "
                + setting, cause);
    }

    /**
     * A handler's constructor failed: its function's settings were refused (e.g. by
     * {@code dev.cliauth.config.Require} or {@code StrictConverters}) or something else went wrong
     * while its context started.
     *
     * @param properties the settings local mode passed to the handler
     * @param env        the environment the handler read its {@code CLIAUTH_*} settings from
     */
    static StartFailure handler(String handlerClass, Throwable failure, Map<String, ?> properties, Map<String, String> env) {
        return new StartFailure(describe(handlerClass, failure, properties, env), failure);
    }

    /**
     * One line from the root cause's message, led by the setting it concerns: the setting the
     * message names (and the {@code CLIAUTH_*} variable that carries it, when one is set), or else
     * every setting whose value the message quotes ({@code got "ten minutes"}).
     */
    static String describe(String handlerClass, Throwable failure, Map<String, ?> properties, Map<String, String> env) {
        Throwable root = rootCause(failure);
        String text = oneLine(root);
        Set<String> culprits = new LinkedHashSet<>();
        Matcher named = SETTING.matcher(text);
        boolean namesSetting = false;
        while (named.find()) {
            namesSetting = true;
            String variable = environmentName(named.group());
            if (env.containsKey(variable)) {
                culprits.add(variable);
            }
        }
        if (!namesSetting) {
            culprits.addAll(settingsQuotedIn(text, properties, env));
        }
        if (!culprits.isEmpty()) {
            return "bad setting " + String.join(" or ", culprits) + ": " + text;
        }
        if (namesSetting) {
            return "bad setting: " + text;
        }
        String simpleName = handlerClass.substring(handlerClass.lastIndexOf('.') + 1);
        return simpleName + " did not start: " + root.getClass().getSimpleName() + ": " + text;
    }

    /** {@code cliauth.limits.live-codes} → {@code CLIAUTH_LIMITS_LIVE_CODES}, as Micronaut maps them. */
    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The settings whose value equals a quoted value of {@code text} (or starts with a quote cut short by "…"). */
    private static List<String> settingsQuotedIn(String text, Map<String, ?> properties, Map<String, String> env) {
        List<String> quoted = new ArrayList<>();
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            quoted.add(m.group(1));
        }
        List<String> found = new ArrayList<>();
        if (quoted.isEmpty()) {
            return found;
        }
        env.forEach((name, value) -> {
            if (name.startsWith("CLIAUTH_") && matchesAny(value, quoted)) {
                found.add(name);
            }
        });
        properties.forEach((name, value) -> {
            if (name.startsWith("cliauth.") && value != null && matchesAny(String.valueOf(value), quoted)) {
                found.add(name);
            }
        });
        found.sort(null);
        return found;
    }

    private static boolean matchesAny(String value, List<String> quoted) {
        String v = value.trim();
        for (String q : quoted) {
            if (v.equals(q.trim())
                    || (q.endsWith(ELLIPSIS) && q.length() > ELLIPSIS.length()
                    && v.startsWith(q.substring(0, q.length() - ELLIPSIS.length()).trim()))) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        Set<Throwable> seen = new HashSet<>();
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * One line of the message: Micronaut's bean exceptions spread theirs over several lines, the
     * reason on the one that starts with "Message: "; otherwise the first line.
     */
    private static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        List<String> lines = message.strip().lines().map(String::strip).toList();
        return lines.stream().filter(l -> l.startsWith("Message: ")).findFirst()
                .map(l -> l.substring("Message: ".length()))
                .orElse(lines.get(0));
    }
}
