package dev.cliauth.config;

import java.time.Duration;

/** Range checks of settings: a value out of range stops the function at start, naming the setting. */
final class Require {

    private Require() {
    }

    /** The longest duration any setting may have: far beyond every sensible one, far below what epoch-ms arithmetic overflows at. */
    static final Duration LONGEST = Duration.ofDays(36_500);

    static Duration positive(Duration value, String setting) {
        if (value.isNegative() || value.isZero() || value.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(setting + " must be positive and at most " + LONGEST.toDays() + "d, got " + value);
        }
        return value;
    }

    static long between(long value, long min, long max, String setting) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
