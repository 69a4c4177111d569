package dev.cliauth.verification;

import dev.cliauth.store.Counters.Counter;

import java.util.List;

/** What taking an attempt from a set of counters came to: taken (give it back on success), or refused with a wait. */
public sealed interface Limited {

    /** An attempt taken from {@code counters} at {@code at}. */
    record Taken(List<Counter> counters, long at) implements Limited {
    }

    /** Over a limit: no attempt, and the time until the first full counter's window ends. */
    record Refused(long retryAfterMillis) implements Limited {
    }
}
