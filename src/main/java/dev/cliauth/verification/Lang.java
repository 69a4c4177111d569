package dev.cliauth.verification;

import io.micronaut.core.annotation.Nullable;

import java.time.ZoneId;
import java.util.Locale;

/**
 * The reader of one page: which language (from the {@code lang} query parameter, else the
 * language cookie, else {@code Accept-Language}, else English) and which time zone (the zone the
 * page's script reported in a cookie, else UTC).
 *
 * @param locale one of {@link Messages#SUPPORTED}
 * @param zone   where times are shown
 * @param here   the page's own path and query without {@code lang}, for the language switcher's links
 * @param chosen the language just picked with {@code ?lang=}, to keep in a cookie; null otherwise
 */
public record Lang(Locale locale, ZoneId zone, String here, @Nullable String chosen) {

    public static final Lang ENGLISH = new Lang(Locale.ENGLISH, ZoneId.of("UTC"), "/device", null);
}
