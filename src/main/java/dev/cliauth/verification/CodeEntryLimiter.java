package dev.cliauth.verification;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.LimitSettings;
import dev.cliauth.config.Functions;
import dev.cliauth.store.Counters;
import dev.cliauth.store.Counters.Counter;
import dev.cliauth.web.SourceAddress;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/**
 * Brute-force limits on user-code entry (RFC 8628 §5.1): every lookup first takes an attempt
 * from three counters (the source IP as API Gateway saw it, the browser session, and a global
 * budget); a lookup that finds its code gives the attempt back, so only failed entries count and a
 * success never resets anything else. Over any limit there is no lookup at all. On the source
 * counter an attempt weighs what the guess is worth ({@link LimitSettings#guessCost}): a code that
 * could belong to a weaker user-code format costs more, so the per-source bound holds for every
 * format an org's clients may use.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class CodeEntryLimiter {

    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    private final LimitSettings settings;
    private final Counters counters;

    public CodeEntryLimiter(LimitSettings settings, Counters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    /** Takes an attempt, or returns how long until the caller may try again. */
    public Limited take(String org, String sourceIp, String sessionKey, UserCodeFormat.Typed code, long now) {
        List<Counter> list = List.of(
                new Counter(org, "codeentry#ip#" + SourceAddress.key(sourceIp), LimitSettings.SOURCE_UNITS_PER_DAY, DAY,
                        settings.guessCost(code.codeSpace())),
                new Counter(org, "codeentry#session#" + sessionKey, settings.sessionFailuresPerHour(), HOUR),
                new Counter(org, "codeentry#global", settings.globalFailuresPerHour(), HOUR));
        Optional<Long> wait = counters.take(list, now);
        return wait.<Limited>map(Limited.Refused::new).orElseGet(() -> new Limited.Taken(list, now));
    }

    public void succeeded(Limited.Taken attempt) {
        counters.giveBack(attempt.counters(), attempt.at());
    }
}
