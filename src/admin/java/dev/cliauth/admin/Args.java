package dev.cliauth.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command line: positional words and {@code --name value} options (or {@code --name=value}),
 * checked against the options the command knows. A repeated or unknown option is a usage error,
 * never ignored.
 */
final class Args {

    private final List<String> words = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();

    private Args() {
    }

    /**
     * Parses {@code argv}; {@code flags} take no value, {@code valued} take one. Anything else that
     * starts with {@code --} is refused.
     */
    static Args parse(List<String> argv, Set<String> flags, Set<String> valued) {
        Args args = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("--")) {
                args.words.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageError("--" + name + " takes no value");
                }
                value = "true";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.size()) {
                        throw new UsageError("--" + name + " needs a value");
                    }
                    value = argv.get(++i);
                }
            } else if (name.equals("password") || name.equals("secret") || name.equals("client-secret")) {
                throw new UsageError("a password or secret is never an argument (it would stay in the shell's history"
                        + " and the process list): use --password-stdin or the prompt");
            } else {
                throw new UsageError("unknown option --" + name);
            }
            if (args.options.put(name, value) != null) {
                throw new UsageError("--" + name + " given twice");
            }
        }
        return args;
    }

    /** Every positional word, in order. */
    List<String> words() {
        return List.copyOf(words);
    }

    /** The positional words, exactly {@code count} of them; otherwise a usage error showing {@code usage}. */
    List<String> words(String usage, int count) {
        if (words.size() != count) {
            throw new UsageError("usage: " + usage);
        }
        return words;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }
}
