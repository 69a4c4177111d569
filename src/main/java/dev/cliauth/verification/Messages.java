package dev.cliauth.verification;

import dev.cliauth.protocol.FormParameters;
import dev.cliauth.protocol.OAuthException;
import dev.cliauth.web.WebRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * The pages' message bundles ({@code src/main/resources/i18n/messages*.properties}: English,
 * German, French, Spanish), loaded once at init, and the choice of a reader's language and zone
 * ({@link Lang}). Every text a page shows comes from a bundle; none is in code.
 */
@Singleton
public class Messages {

    /** The languages of the pages, English first (the fallback). */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.forLanguageTag("es"));
    /** The cookie that keeps a language picked with the switcher ({@code __Host-} outside plain-HTTP localhost). */
    public static final String LANG_COOKIE = "__Host-cliauth_lang";
    /** The cookie the page script sets to the browser's time zone (an IANA id), read for later pages. */
    public static final String ZONE_COOKIE = "__Host-cliauth_tz";

    private final Map<String, ResourceBundle> bundles;
    private final List<Map.Entry<String, String>> languages;

    public Messages() {
        this.bundles = SUPPORTED.stream().collect(Collectors.toMap(Locale::getLanguage,
                l -> ResourceBundle.getBundle("i18n.messages", l, ResourceBundle.Control.getNoFallbackControl(
                        ResourceBundle.Control.FORMAT_PROPERTIES))));
        this.languages = SUPPORTED.stream().map(l -> Map.entry(l.getLanguage(), bundles.get(l.getLanguage())
                .getString("lang.name"))).toList();
    }

    /** The texts of {@code lang}'s language. */
    public Text text(Lang lang) {
        ResourceBundle bundle = bundles.getOrDefault(lang.locale().getLanguage(), bundles.get("en"));
        return new Text(bundle, lang, this);
    }

    /** The languages the switcher offers: code and name in that language. */
    List<Map.Entry<String, String>> languages() {
        return languages;
    }

    /** The reader of {@code request}: language and zone as {@link Lang} says. */
    public Lang of(WebRequest request, boolean secure) {
        String picked = supported(pickedLanguage(request.rawQuery()));
        String cookie = supported(request.cookie(BrowserState.name(LANG_COOKIE, secure)));
        Locale locale = picked != null ? Locale.forLanguageTag(picked) : cookie != null ? Locale.forLanguageTag(cookie)
                : fromAcceptLanguage(request.header("accept-language"));
        return new Lang(locale, zone(request.cookie(BrowserState.name(ZONE_COOKIE, secure))),
                here(request.path(), request.rawQuery()), picked);
    }

    /** The reader of a request seen only as its path and headers (the error pages). */
    public Lang of(String path, @Nullable String acceptLanguage) {
        return new Lang(fromAcceptLanguage(acceptLanguage), ZoneId.of("UTC"), path, null);
    }

    /** The best supported language for an {@code Accept-Language} header (RFC 9110 §12.5.4), else English. */
    static Locale fromAcceptLanguage(@Nullable String header) {
        if (header == null || header.isBlank() || header.length() > 500) {
            return Locale.ENGLISH;
        }
        try {
            Locale found = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
            return found == null ? Locale.ENGLISH : found;
        } catch (IllegalArgumentException e) {
            return Locale.ENGLISH;
        }
    }

    private static @Nullable String supported(@Nullable String code) {
        if (code == null) {
            return null;
        }
        for (Locale l : SUPPORTED) {
            if (l.getLanguage().equals(code)) {
                return code;
            }
        }
        return null;
    }

    private static ZoneId zone(@Nullable String id) {
        if (id == null || id.length() > 64 || !id.matches("[A-Za-z0-9_+/-]+")) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    /** The path and query without {@code lang}: where the switcher's links lead (with their own {@code lang}). */
    private static String here(String path, @Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return path;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.startsWith("lang=") && !pair.equals("lang") && pair.length() <= 200) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? path : path + "?" + String.join("&", kept);
    }

    /** The {@code lang} of a page's query; none when the query is not one a page would accept. */
    private static @Nullable String pickedLanguage(@Nullable String rawQuery) {
        try {
            return FormParameters.parse(rawQuery).get("lang").orElse(null);
        } catch (OAuthException malformed) {
            return null;
        }
    }
}
