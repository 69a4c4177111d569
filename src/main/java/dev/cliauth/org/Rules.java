package dev.cliauth.org;

import dev.cliauth.account.Passwords;
import dev.cliauth.web.VisibleText;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an org's settings, applications and accounts may hold, in one place for the two places that
 * change them: the admin tool and the org portal (SPEC §8). Each says only yes or no (or the
 * normal form); the callers word the refusal for their reader.
 */
public final class Rules {

    /** A client id: 1-128 unreserved URL characters. */
    public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    /** RFC 6749 §3.3 scope-token: NQCHAR, no space, quote or backslash. */
    public static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");
    public static final int MAX_SCOPES = 20;
    public static final int MAX_NAME = 100;
    public static final int MIN_PASSWORD_CHARS = 8;
    public static final Duration MIN_CODE_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_CODE_TTL = Duration.ofHours(1);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
    public static final Duration MIN_REAUTH = Duration.ofMinutes(1);
    public static final Duration MAX_REAUTH = Duration.ofDays(1);
    /** A client's refresh-token policies (SPEC §7). */
    public static final List<String> REFRESH_POLICIES = List.of("always", "offline_access", "never");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

    private Rules() {
    }

    /**
     * The email in its stored form (trimmed, lower case), if it is one. An address whose lower case
     * changes more than its ASCII letters is not: the KELVIN SIGN's lower case is "k", so
     * "\u212Aate@acme.example" would become another person's kate@acme.example.
     */
    public static Optional<String> email(String email) {
        String trimmed = email.trim();
        String e = trimmed.toLowerCase(Locale.ROOT);
        return e.length() > 254 || !EMAIL.matcher(e).matches() || !e.equals(asciiLowerCase(trimmed))
                ? Optional.empty() : Optional.of(e);
    }

    private static String asciiLowerCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }

    /** The first control or invisible formatting character of {@code text} (which could hide or reorder it), or -1. */
    public static int hidden(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (VisibleText.hidden(cp)) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** A name people are shown, stripped: 1-100 characters, none of them hidden ({@link #hidden}). */
    public static Optional<String> name(String name) {
        String n = name.strip();
        return n.isEmpty() || n.codePointCount(0, n.length()) > MAX_NAME || hidden(n) >= 0 ? Optional.empty() : Optional.of(n);
    }

    /** The scope tokens of {@code text} (separated by spaces or commas), each once, in order. */
    public static List<String> scopeTokens(String text) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String token : text.split("[ ,\\r\\n\\t]+")) {
            if (!token.isEmpty()) {
                out.add(token);
            }
        }
        return new ArrayList<>(out);
    }

    /** The scopes of {@code text} when there are 1-20 and each is a scope token. */
    public static Optional<List<String>> scopes(String text) {
        List<String> tokens = scopeTokens(text);
        boolean ok = !tokens.isEmpty() && tokens.size() <= MAX_SCOPES && tokens.stream().allMatch(t -> SCOPE.matcher(t).matches());
        return ok ? Optional.of(tokens) : Optional.empty();
    }

    /** Whether {@code d} is whole seconds within {@code min} and {@code max}. */
    public static boolean within(Duration d, Duration min, Duration max) {
        return d.compareTo(min) >= 0 && d.compareTo(max) <= 0 && d.toMillis() % 1000 == 0;
    }

    /** Whether a new password is long enough and fits what bcrypt reads. */
    public static boolean password(String p) {
        return p.codePointCount(0, p.length()) >= MIN_PASSWORD_CHARS
                && p.getBytes(StandardCharsets.UTF_8).length <= Passwords.MAX_BYTES;
    }
}
