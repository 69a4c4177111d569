package dev.cliauth.config;

import java.time.Duration;

/** Range checks of settings: a value out of range stops the function at start, naming the setting. */
final class Require {

    private Require() {
    }

    static Duration positive(Duration value, String setting) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, got " + value);
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
