package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Abuse limits (RFC 8628 §5.1, §5.2). The per-source limit on failed code entries is not set
 * directly: it is derived from the code entropy and {@code liveCodes} so that one source's chance
 * of hitting any live code stays below 2^-20 per day (see README, "Brute-force limits").
 *
 * @param liveCodes                the most user codes expected to be live at once
 * @param sessionFailuresPerHour   failed code entries per browser session per hour
 * @param globalFailuresPerHour    failed code entries per hour across all sources
 * @param unknownPollsPerMinute    polls with unknown device codes per source IP per minute
 * @param pollSlack                extra polls a device code allows beyond lifetime / interval
 */
@ConfigurationProperties("cliauth.limits")
public record LimitSettings(
        @Bindable(defaultValue = "1000") long liveCodes,
        @Bindable(defaultValue = "10") int sessionFailuresPerHour,
        @Bindable(defaultValue = "2000") int globalFailuresPerHour,
        @Bindable(defaultValue = "30") int unknownPollsPerMinute,
        @Bindable(defaultValue = "10") int pollSlack) {

    public LimitSettings {
        // Zero live codes would make the per-source limit unbounded; zero elsewhere would lock out everyone.
        Require.between(liveCodes, 1, 100_000_000, "cliauth.limits.live-codes");
        Require.between(sessionFailuresPerHour, 1, 1_000_000, "cliauth.limits.session-failures-per-hour");
        Require.between(globalFailuresPerHour, 1, 100_000_000, "cliauth.limits.global-failures-per-hour");
        Require.between(unknownPollsPerMinute, 1, 1_000_000, "cliauth.limits.unknown-polls-per-minute");
        Require.between(pollSlack, 0, 10_000, "cliauth.limits.poll-slack");
    }

    /** Probability bound per source per day (SPEC §5). */
    public static final double TARGET = Math.pow(2, -20);

    /**
     * Failed entries one source IP may make per UTC day: half of {@code TARGET · codeSpace / liveCodes},
     * so that any 24 hours, which span at most two such windows, stay within the bound.
     */
    public long sourceFailuresPerDay(double codeSpace) {
        long limit = (long) Math.floor(TARGET * codeSpace / liveCodes / 2);
        if (limit < 1) {
            throw new IllegalStateException("cliauth.limits.live-codes=" + liveCodes
                    + " is too many for the user-code format: choose a longer code");
        }
        return limit;
    }
}
