package dev.cliauth.verification;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The pages' texts in one reader's language ({@link Lang}), as the templates use them: messages
 * by key, times in the reader's zone with its offset, how long ago, a scope in words.
 */
public final class Text {

    private final ResourceBundle bundle;
    private final Lang lang;
    private final Messages messages;
    private final DateTimeFormatter when;

    Text(ResourceBundle bundle, Lang lang, Messages messages) {
        this.bundle = bundle;
        this.lang = lang;
        this.messages = messages;
        this.when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(lang.locale()).withZone(lang.zone());
    }

    /** The message {@code key}, its {@code {0}}… filled with {@code args}. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no message " + key);
        }
        return new MessageFormat(pattern, lang.locale()).format(args);
    }

    /** {@code epochMillis} in the reader's zone and language, with the zone's offset ("3 Dec 2026, 12:43:59 UTC+01:00"). */
    public String when(long epochMillis) {
        Instant at = Instant.ofEpochMilli(epochMillis);
        String offset = lang.zone().getRules().getOffset(at).getId();
        return when.format(at) + " UTC" + ("Z".equals(offset) ? "+00:00" : offset);
    }

    /** {@code epochMillis} as an RFC 3339 instant, for a {@code <time datetime>}. */
    public String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** How long before {@code now} {@code at} was: minutes, then hours, then days. */
    public String ago(long now, long at) {
        long minutes = Math.max(0, (now - at) / 60_000);
        if (minutes < 120) {
            return minutes == 0 ? get("ago.now") : minutes == 1 ? get("ago.minute") : get("ago.minutes", minutes);
        }
        long hours = minutes / 60;
        return hours < 48 ? get("ago.hours", hours) : get("ago.days", hours / 24);
    }

    /** What a scope lets an application do, in words; an unknown scope as its name. */
    public String scope(String name) {
        return bundle.containsKey("scope." + name) ? get("scope." + name) : name;
    }

    /** The reader's language code ({@code en}, {@code de}, …), for {@code <html lang>}. */
    public String lang() {
        return lang.locale().getLanguage();
    }

    /** The switcher's links: language code, its name, and the page's own address in it. */
    public List<Map.Entry<String, String>> languages() {
        return messages.languages();
    }

    /** {@code value} as a query parameter's value (percent-encoded; the template then escapes it for HTML). */
    public String query(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** This page's address in language {@code code}. */
    public String in(String code) {
        return lang.here() + (lang.here().contains("?") ? "&" : "?") + "lang=" + code;
    }
}
