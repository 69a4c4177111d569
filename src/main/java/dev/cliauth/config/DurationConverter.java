package dev.cliauth.config;

import io.micronaut.core.convert.MutableConversionService;
import io.micronaut.core.convert.TypeConverterRegistrar;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads durations in settings ({@code CLIAUTH_DEVICE_CODE_TTL=10m}): a whole number with a unit
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, or ISO-8601 ({@code PT10M}). Zero and
 * negative durations are refused, so a typo fails the function's start instead of disabling a
 * limit. Registered through {@code META-INF/services}, so the functions need no Micronaut runtime
 * module for it.
 */
public final class DurationConverter implements TypeConverterRegistrar {

    @Override
    public void register(MutableConversionService conversionService) {
        conversionService.addConverter(CharSequence.class, Duration.class, text -> parse(text.toString()).orElse(null));
    }

    /** The duration {@code text} names, or empty when it is malformed, zero or negative. */
    public static Optional<Duration> parse(String text) {
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
        return d == null || d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    }
}
