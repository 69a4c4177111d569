package dev.cliauth.config;

import dev.cliauth.code.UserCodeFormat;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Abuse limits (RFC 8628 §5.1, §5.2). The per-source limit on failed code entries is not set
 * directly: each failed entry costs its chance of hitting one of {@code liveCodes} live codes (from
 * the weakest user-code format the typed code could belong to), and a source may spend at most
 * half of 2^-20 per UTC day, so its chance of hitting any live code stays below 2^-20 in any 24
 * hours, whatever formats the org's clients use (see README, "Brute-force limits").
 *
 * @param liveCodes                the most user codes expected to be live at once
 * @param sessionFailuresPerHour   failed code entries per browser session per hour
 * @param globalFailuresPerHour    failed code entries per hour across all sources
 * @param unknownPollsPerMinute    polls with unknown device codes per source IP per minute
 * @param pollSlack                extra polls a device code allows beyond lifetime / interval
 * @param accountPasswordFailuresPerHour failed sign-ins per account (email, whether or not it exists) per hour
 * @param accountPasswordFailuresPerDay  failed sign-ins per account per UTC day
 * @param sourcePasswordFailuresPerHour  failed sign-ins per source (IPv4 address, IPv6 /64) per hour
 * @param scarceFailuresPerHour   failed code entries per source per hour once the global budget is spent
 * @param sourceDeviceAuthorizationsPerWindow device authorizations per source per 10 minutes; at most a
 *                                 twentieth of {@code liveCodes}, so no one source can fill the live-code
 *                                 assumption the code-entry limits rest on
 */
@ConfigurationProperties("cliauth.limits")
public record LimitSettings(
        @Bindable(defaultValue = "1000") long liveCodes,
        @Bindable(defaultValue = "10") int sessionFailuresPerHour,
        @Bindable(defaultValue = "2000") int globalFailuresPerHour,
        @Bindable(defaultValue = "30") int unknownPollsPerMinute,
        @Bindable(defaultValue = "10") int pollSlack,
        @Bindable(defaultValue = "5") int accountPasswordFailuresPerHour,
        @Bindable(defaultValue = "20") int accountPasswordFailuresPerDay,
        @Bindable(defaultValue = "30") int sourcePasswordFailuresPerHour,
        @Bindable(defaultValue = "1") int scarceFailuresPerHour,
        @Bindable(defaultValue = "50") int sourceDeviceAuthorizationsPerWindow) {

    public LimitSettings {
        // Zero live codes would make the per-source limit unbounded; more than MAX_LIVE_CODES would
        // leave the weakest allowed user-code format no failed entry at all; zero elsewhere would lock out everyone.
        Require.between(liveCodes, 1, MAX_LIVE_CODES, "cliauth.limits.live-codes");
        Require.between(sessionFailuresPerHour, 1, 1_000_000, "cliauth.limits.session-failures-per-hour");
        Require.between(globalFailuresPerHour, 1, 100_000_000, "cliauth.limits.global-failures-per-hour");
        Require.between(unknownPollsPerMinute, 1, 1_000_000, "cliauth.limits.unknown-polls-per-minute");
        Require.between(pollSlack, 0, 10_000, "cliauth.limits.poll-slack");
        Require.between(accountPasswordFailuresPerHour, 1, 1_000, "cliauth.limits.account-password-failures-per-hour");
        Require.between(accountPasswordFailuresPerDay, accountPasswordFailuresPerHour, 10_000,
                "cliauth.limits.account-password-failures-per-day");
        Require.between(sourcePasswordFailuresPerHour, 1, 100_000, "cliauth.limits.source-password-failures-per-hour");
        Require.between(scarceFailuresPerHour, 1, 1_000, "cliauth.limits.scarce-failures-per-hour");
        Require.between(sourceDeviceAuthorizationsPerWindow, 1, 10_000_000,
                "cliauth.limits.source-device-authorizations-per-window");
    }


    /** The window of the per-source limit on device authorizations: the default code lifetime. */
    public static final long DEVICE_AUTHORIZATION_WINDOW_MILLIS = 600_000L;

    /** Probability bound per source per day (SPEC §5). */
    public static final double TARGET = Math.pow(2, -20);
    /** Probability one unit of the per-source counter stands for. */
    private static final double UNIT = Math.pow(2, -40);
    /**
     * Units a source may spend per UTC day: half the target, so that any 24 hours, which touch at
     * most two fixed windows, stay within it. 2^19.
     */
    public static final long SOURCE_UNITS_PER_DAY = (long) (TARGET / 2 / UNIT);
    /** The most live codes for which a format at the entropy floor still allows one failed entry a day: 4,096. */
    public static final long MAX_LIVE_CODES = (long) (TARGET / 2 * Math.pow(2, UserCodeFormat.MIN_ENTROPY_BITS));

    /**
     * Units one failed entry costs when the typed code could belong to a format of {@code codeSpace}
     * codes: its chance of hitting one of {@code liveCodes} live codes, {@code liveCodes / codeSpace},
     * rounded up to whole units. Summed over a day they stay within {@link #SOURCE_UNITS_PER_DAY},
     * whatever mix of formats a guesser tries.
     */
    public long guessCost(double codeSpace) {
        return (long) Math.ceil(liveCodes / codeSpace / UNIT);
    }

    /** Failed entries one source may make per UTC day when every one is of a format of {@code codeSpace} codes. */
    public long sourceFailuresPerDay(double codeSpace) {
        return SOURCE_UNITS_PER_DAY / guessCost(codeSpace);
    }
}
