package dev.cliauth.admin;

import dev.cliauth.account.Passwords;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.StrictConverters;
import dev.cliauth.org.OrgId;
import dev.cliauth.org.Rules;
import dev.cliauth.web.VisibleText;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What the tool accepts as ids, names, emails, scopes, durations and passwords; a usage error otherwise. */
final class Inputs {

    static final int MIN_PASSWORD_CHARS = Rules.MIN_PASSWORD_CHARS;

    private Inputs() {
    }

    static String org(String id) {
        if (!OrgId.valid(id)) {
            throw new UsageError("org id '" + printable(id) + "': use 1-" + OrgId.MAX_LENGTH
                    + " lowercase letters, digits and '-'");
        }
        return id;
    }

    static String clientId(String id) {
        if (!Rules.CLIENT_ID.matcher(id).matches()) {
            throw new UsageError("client id '" + printable(id) + "': use 1-128 letters, digits, '.', '_', '~' and '-'");
        }
        return id;
    }

    /** A client id at an OpenID provider: printable ASCII without spaces, 1-255 characters. */
    static String upstreamClientId(String id) {
        if (!id.matches("[\\x21-\\x7E]{1,255}")) {
            throw new UsageError("--client-id must be 1-255 printable characters without spaces");
        }
        return id;
    }

    /** Allowed email domains, separated by spaces or commas: lower-cased, each a DNS name with a dot. */
    static List<String> domains(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String d : text.toLowerCase(java.util.Locale.ROOT).split("[\\s,]+")) {
            if (d.isEmpty()) {
                continue;
            }
            if (!d.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}") || d.length() > 253) {
                throw new UsageError("--domains: '" + printable(d) + "' is not a domain name");
            }
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        if (out.isEmpty() || out.size() > 50) {
            throw new UsageError("--domains needs 1-50 email domains");
        }
        return out;
    }

    static String email(String email) {
        return Rules.email(email).orElseThrow(() -> new UsageError("email '" + printable(email) + "' is not an email address"));
    }

    /**
     * A name people are shown (a client's on the confirmation page, an org's, a user's): 1-100
     * characters, none of them control or invisible formatting characters (which could hide or
     * reorder text on the page).
     */
    static String name(String what, String name) {
        String n = name.strip();
        if (n.isEmpty() || n.codePointCount(0, n.length()) > Rules.MAX_NAME) {
            throw new UsageError(what + " name: 1-100 characters");
        }
        int cp = Rules.hidden(n);
        if (cp >= 0) {
            throw new UsageError(what + " name: no control or invisible formatting characters (U+"
                    + String.format("%04X", cp) + ")");
        }
        return n;
    }

    /** Scopes separated by spaces or commas, each an RFC 6749 §3.3 scope token. */
    static List<String> scopes(String text) {
        List<String> out = Rules.scopeTokens(text);
        for (String token : out) {
            if (!Rules.SCOPE.matcher(token).matches()) {
                throw new UsageError("scope '" + printable(token) + "' is not a scope token (RFC 6749 section 3.3)");
            }
        }
        if (out.isEmpty() || out.size() > Rules.MAX_SCOPES) {
            throw new UsageError("scopes: 1-20 of them");
        }
        return out;
    }

    /** A duration in whole seconds between {@code min} and {@code max}: {@code 600s}, {@code 30m}, {@code PT10M}. */
    static long seconds(String what, String text, Duration min, Duration max) {
        Duration d = StrictConverters.duration(text)
                .orElseThrow(() -> new UsageError(what + " '" + printable(text) + "': a whole number with s, m or h, e.g. 600s"));
        if (!Rules.within(d, min, max)) {
            throw new UsageError(what + " must be whole seconds between " + min.toSeconds() + "s and " + max.toSeconds() + "s");
        }
        return d.toSeconds();
    }

    /** A client's refresh-token policy (SPEC §7): {@code always}, {@code offline_access} or {@code never}. */
    static String refreshPolicy(String text) {
        if (!Rules.REFRESH_POLICIES.contains(text)) {
            throw new UsageError("--refresh-tokens: always, offline_access or never");
        }
        return text;
    }

    /** An audit event's name ({@code signed_in}, ...). */
    static String auditEvent(String text) {
        for (dev.cliauth.audit.AuditEventType type : dev.cliauth.audit.AuditEventType.values()) {
            if (type.id().equals(text)) {
                return text;
            }
        }
        throw new UsageError("--event: one of device_authorized, code_entered, signed_in, sign_in_failed, signed_out,"
                + " approved, denied, redeemed, replay, refreshed, reuse_detected, revoked, limit_hit");
    }

    /** How many to list: 1-10000. */
    static int limit(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageError("--limit: a whole number 1-10000");
    }

    /** A user-code format {@code alphabet:length:group} that meets the entropy floor (SPEC §4). */
    static UserCodeFormat userCodeFormat(String text) {
        try {
            return UserCodeFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--user-code-format: " + printable(e.getMessage()));
        }
    }

    /** {@code first} or {@code third} party: whether the client is another company's app. */
    static boolean thirdParty(String text) {
        return switch (text) {
            case "first" -> false;
            case "third" -> true;
            default -> throw new UsageError("--party: first or third");
        };
    }

    static String password(char[] typed) {
        String p = new String(typed);
        if (p.codePointCount(0, p.length()) < MIN_PASSWORD_CHARS) {
            throw new UsageError("password: at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (p.getBytes(StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
            throw new UsageError("password: at most " + Passwords.MAX_BYTES + " bytes in UTF-8 (bcrypt reads no more)");
        }
        return p;
    }

    /** Text for an error message: control characters shown as '?', at most 80 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }
}
