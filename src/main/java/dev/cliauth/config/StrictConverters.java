package dev.cliauth.config;

import io.micronaut.core.convert.MutableConversionService;
import io.micronaut.core.convert.TypeConverterRegistrar;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the numbers and durations of settings strictly. A malformed value fails the function's
 * start with a message naming the setting: Micronaut's own converters answer "no value" and the
 * setting's default is used without a word, so {@code CLIAUTH_DEVICE_CODE_TTL=10 minutes} would
 * silently mean 600 s.
 *
 * <p>Durations: a whole number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d}, or ISO-8601 ({@code PT10M}); negative durations are refused here, and each setting
 * checks its own range (most must be positive; a zero client cache TTL turns the cache off).
 * Registered twice on purpose: through {@code META-INF/services}, for conversions before the
 * context starts, and as a bean, because the context registers {@code TypeConverterRegistrar} beans
 * after every service-loaded one: otherwise micronaut-context's {@code TimeConverterRegistrar},
 * loaded in no fixed order beside this one, could put its lenient duration converter back.
 */
@Singleton
public final class StrictConverters implements TypeConverterRegistrar {

    @Override
    public void register(MutableConversionService conversionService) {
        conversionService.addConverter(CharSequence.class, Duration.class, text -> duration(text.toString())
                .orElseThrow(() -> malformed("a duration such as 30s, 10m or PT10M", text)));
        conversionService.addConverter(CharSequence.class, Integer.class, text -> wholeNumber(text, Integer::valueOf));
        conversionService.addConverter(CharSequence.class, Long.class, text -> wholeNumber(text, Long::valueOf));
    }

    private static <T> T wholeNumber(CharSequence text, Function<String, T> parse) {
        try {
            return parse.apply(text.toString().trim());
        } catch (NumberFormatException e) {
            throw malformed("a whole number", text);
        }
    }

    private static IllegalArgumentException malformed(String expected, CharSequence text) {
        String shown = text.length() > 40 ? text.subSequence(0, 40) + "…" : text.toString();
        return new IllegalArgumentException("expected " + expected + ", got \"" + shown + "\"");
    }

    /** The duration {@code text} names, or empty when it is malformed or negative. */
    public static Optional<Duration> duration(String text) {
        String s = text.trim();
        Duration d;
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                d = Duration.parse(s);
            } else {
                int digits = 0;
                while (digits < s.length() && Character.isDigit(s.charAt(digits)) && digits < 12) {
                    digits++;
                }
                if (digits == 0) {
                    return Optional.empty();
                }
                long n = Long.parseLong(s.substring(0, digits));
                d = switch (s.substring(digits)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> null;
                };
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return d == null || d.isNegative() ? Optional.empty() : Optional.of(d);
    }
}
