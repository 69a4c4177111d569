package dev.cliauth.verification;

import dev.cliauth.code.DeviceCode;
import dev.cliauth.config.Functions;
import dev.cliauth.config.LimitSettings;
import dev.cliauth.store.Counters;
import dev.cliauth.store.Counters.Counter;
import dev.cliauth.web.SourceAddress;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.Optional;

/**
 * Limits on password guessing (SPEC §6): every sign-in first takes an attempt from the account's
 * hourly and daily counters and from its source's (IPv4 address or IPv6 /64) hourly counter; a
 * sign-in that succeeds gives its attempt back. The account counters are keyed by the email typed,
 * hashed, whether or not an account has it, so being locked tells a guesser nothing about which
 * emails exist, and the owner is told no more than a guesser. Over any limit there is no account
 * read and no password check at all.
 */
@Singleton
@Requires(env = {Functions.VERIFICATION, Functions.PORTAL})
public class SignInLimiter {

    private final LimitSettings settings;
    private final Counters counters;

    public SignInLimiter(LimitSettings settings, Counters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    public Limited take(String org, String email, String sourceIp, long now) {
        String account = "signin#account#" + DeviceCode.hash(email);
        List<Counter> list = List.of(
                new Counter(org, account + "#hour", settings.accountPasswordFailuresPerHour(), CodeEntryLimiter.HOUR),
                new Counter(org, account + "#day", settings.accountPasswordFailuresPerDay(), CodeEntryLimiter.DAY),
                new Counter(org, "signin#source#" + SourceAddress.key(sourceIp), settings.sourcePasswordFailuresPerHour(),
                        CodeEntryLimiter.HOUR));
        Optional<Long> wait = counters.take(list, now);
        return wait.<Limited>map(Limited.Refused::new).orElseGet(() -> new Limited.Taken(list, now));
    }

    public void succeeded(Limited.Taken attempt) {
        counters.giveBack(attempt.counters(), attempt.at());
    }

    /** Gives the attempt back, writing {@code alongside} (the audit item) in the same best-effort transaction. */
    public void succeeded(Limited.Taken attempt, TransactWriteItem alongside) {
        counters.giveBack(attempt.counters(), attempt.at(), alongside);
    }
}
