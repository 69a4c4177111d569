package dev.cliauth.portal;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.org.Rules;
import dev.cliauth.protocol.FormParameters;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * An application's form as typed (so a refused form comes back as it was), and its reading into an
 * {@link Application}, or the message key of the first thing wrong with it.
 *
 * @param clientId       the id (only when creating)
 * @param name           its name
 * @param type           {@code public} or {@code confidential} (only when creating)
 * @param party          {@code first} or {@code third}
 * @param scopes         allowed scopes, separated by spaces
 * @param refresh        refresh-token policy
 * @param codeTtl        code lifetime in seconds, empty for the org's
 * @param interval       polling interval in seconds, empty for the org's
 * @param userCodeFormat {@code alphabet:length:group}, empty for the org's
 */
public record ApplicationForm(String clientId, String name, String type, String party, String scopes, String refresh,
                              String codeTtl, String interval, String userCodeFormat) {

    /** The create form's starting values: a public first-party CLI with the usual scopes. */
    public static final ApplicationForm NEW = new ApplicationForm("", "", "public", "first",
            "openid profile email offline_access", "offline_access", "", "", "");

    /** The form as posted; a missing field is empty. */
    public static ApplicationForm of(FormParameters form) {
        return new ApplicationForm(field(form, "client_id"), field(form, "name"), field(form, "type"), field(form, "party"),
                field(form, "scopes"), field(form, "refresh"), field(form, "code_ttl"), field(form, "interval"),
                field(form, "user_code_format"));
    }

    /** The form showing {@code app}. */
    public static ApplicationForm of(Application app) {
        return new ApplicationForm(app.clientId(), app.name(), app.confidential() ? "confidential" : "public",
                app.thirdParty() ? "third" : "first", String.join(" ", app.scopes()), app.refreshPolicy(),
                app.codeTtlSeconds() == 0 ? "" : Long.toString(app.codeTtlSeconds()),
                app.intervalSeconds() == 0 ? "" : Long.toString(app.intervalSeconds()),
                app.userCodeFormat() == null ? "" : app.userCodeFormat());
    }

    private static String field(FormParameters form, String name) {
        return form.get(name).orElse("");
    }

    /** What reading the form gave: the application, or the message key of what is wrong. */
    public record Read(@Nullable Application app, @Nullable String error) {
    }

    /** The application this form describes, with {@code clientId} and confidentiality as given (an edit keeps them). */
    public Read read(String id, boolean confidential) {
        if (!Rules.CLIENT_ID.matcher(id).matches()) {
            return new Read(null, "portal.error.clientId");
        }
        if (Rules.name(name).isEmpty()) {
            return new Read(null, "portal.error.name");
        }
        if (!List.of("first", "third").contains(party)) {
            return new Read(null, "portal.error.party");
        }
        if (Rules.scopes(scopes).isEmpty()) {
            return new Read(null, "portal.error.scopes");
        }
        if (!Rules.REFRESH_POLICIES.contains(refresh)) {
            return new Read(null, "portal.error.refresh");
        }
        long ttl = seconds(codeTtl, Rules.MIN_CODE_TTL.toSeconds(), Rules.MAX_CODE_TTL.toSeconds());
        if (ttl < 0) {
            return new Read(null, "portal.error.codeTtl");
        }
        long every = seconds(interval, Rules.MIN_INTERVAL.toSeconds(), Rules.MAX_INTERVAL.toSeconds());
        if (every < 0) {
            return new Read(null, "portal.error.interval");
        }
        String format = null;
        if (!userCodeFormat.isBlank()) {
            try {
                format = UserCodeFormat.parse(userCodeFormat.trim()).spec();
            } catch (IllegalArgumentException e) {
                return new Read(null, "portal.error.userCodeFormat");
            }
        }
        return new Read(new Application(id, Rules.name(name).get(), confidential, party.equals("third"),
                Rules.scopes(scopes).get(), refresh, ttl, every, format, false, 0), null);
    }

    /** Whether the create form asks for a confidential application; null when {@code type} is neither. */
    public @Nullable Boolean confidential() {
        return switch (type) {
            case "public" -> false;
            case "confidential" -> true;
            default -> null;
        };
    }

    /** The format's entropy in bits as the form shows it: of the format typed when it is valid, else of {@code fallback}. */
    public double entropyBits(UserCodeFormat fallback) {
        try {
            return userCodeFormat.isBlank() ? fallback.entropyBits() : UserCodeFormat.parse(userCodeFormat.trim()).entropyBits();
        } catch (IllegalArgumentException e) {
            return fallback.entropyBits();
        }
    }

    /** Whole seconds within bounds: 0 for empty (the org's), -1 when not a number in range. */
    static long seconds(String text, long min, long max) {
        String t = text.trim();
        if (t.isEmpty()) {
            return 0;
        }
        if (!t.matches("[0-9]{1,7}")) {
            return -1;
        }
        long s = Long.parseLong(t);
        return s < min || s > max ? -1 : s;
    }
}
