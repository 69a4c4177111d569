package dev.cliauth.verification;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.LimitSettings;
import dev.cliauth.config.Functions;
import dev.cliauth.store.Counters;
import dev.cliauth.store.Counters.Counter;
import dev.cliauth.web.SourceAddress;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.Optional;

/**
 * Brute-force limits on user-code entry (RFC 8628 §5.1): every lookup first takes an attempt
 * from four counters in one transaction: the source (IPv4 address or IPv6 /64 as API Gateway saw
 * it), the signed-in account, the browser session, and a global budget. A lookup that finds its
 * code gives the attempt back, so only failed entries count and a success never resets anything
 * else. Over a limit there is no lookup at all.
 *
 * <p>On the source and account counters an attempt weighs what the guess is worth
 * ({@link LimitSettings#guessCost}), so the per-source bound of 2^-20 a day holds for every
 * user-code format. An account may spend at most half of a source's budget, so one person behind
 * a shared address cannot use it up for everyone. A spent global budget does not close code entry:
 * each source may then still make {@code scarceFailuresPerHour} failed entries an hour until the
 * hour ends (the "scarce" counter), which slows a botnet to that rate per address while honest
 * users keep a typo or two.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class CodeEntryLimiter {

    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    /** What one account may spend of a source's daily budget: half. */
    public static final long ACCOUNT_UNITS_PER_DAY = LimitSettings.SOURCE_UNITS_PER_DAY / 2;
    private static final int GLOBAL = 3;

    private final LimitSettings settings;
    private final Counters counters;

    public CodeEntryLimiter(LimitSettings settings, Counters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    /** Takes an attempt for {@code account}'s entry of {@code code}, or says how long until it may try again. */
    public Limited take(String org, String sourceIp, String sessionKey, String account, UserCodeFormat.Typed code,
                        long now) {
        long cost = settings.guessCost(code.codeSpace());
        String source = SourceAddress.key(sourceIp);
        Counter bySource = new Counter(org, "codeentry#ip#" + source, LimitSettings.SOURCE_UNITS_PER_DAY, DAY, cost);
        Counter byAccount = new Counter(org, "codeentry#account#" + account, ACCOUNT_UNITS_PER_DAY, DAY,
                Math.min(cost, ACCOUNT_UNITS_PER_DAY));
        Counter bySession = new Counter(org, "codeentry#session#" + sessionKey, settings.sessionFailuresPerHour(), HOUR);
        List<Counter> list = List.of(bySource, byAccount, bySession,
                new Counter(org, "codeentry#global", settings.globalFailuresPerHour(), HOUR));
        Optional<Counters.Full> full = counters.tryTake(list, now);
        if (full.isEmpty()) {
            return new Limited.Taken(list, now);
        }
        if (full.get().index() != GLOBAL) {
            return new Limited.Refused(full.get().retryAfterMillis());
        }
        List<Counter> scarce = List.of(bySource, byAccount, bySession,
                new Counter(org, "codeentry#scarce#" + source, settings.scarceFailuresPerHour(), HOUR));
        Optional<Counters.Full> again = counters.tryTake(scarce, now);
        return again.<Limited>map(f -> new Limited.Refused(f.retryAfterMillis())).orElseGet(() -> new Limited.Taken(scarce, now));
    }

    /** Gives the attempt back, writing {@code alongside} (the audit item) in the same best-effort transaction. */
    public void succeeded(Limited.Taken attempt, TransactWriteItem alongside) {
        counters.giveBack(attempt.counters(), attempt.at(), alongside);
    }
}
