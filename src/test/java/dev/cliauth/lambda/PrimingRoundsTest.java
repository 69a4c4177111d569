package dev.cliauth.lambda;

import dev.cliauth.testing.Functions;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every priming round takes the path a restored instance's first request takes: what the function
 * caches from DynamoDB (clients, orgs, session keys, signing keys) is forgotten before each round,
 * so the reads behind those caches run, and are compiled, once per round, not once per priming.
 */
class PrimingRoundsTest {

    @Test
    void primingWhenRoundsRepeatThenEveryRoundReadsTheClientAgain() {
        assertEveryRoundReads(readsPerRounds(f -> f.deviceAuthorization, "GetItem CLIENT"));
    }

    @Test
    void primingWhenRoundsRepeatThenEveryRoundReadsTheSessionKeyAgain() {
        assertEveryRoundReads(readsPerRounds(f -> f.verification, "GetItem SESSIONKEY"));
    }

    @Test
    void primingWhenRoundsRepeatThenEveryRoundReadsTheSigningKeyAgain() {
        long[] reads = readsPerRounds(f -> f.token, "GetItem KEYS");

        assertThat(reads[0]).as("the first round reads the signing key").isPositive();
        assertThat(reads[2] - reads[1]).as("later rounds read it again").isPositive();
    }

    /** The first round reads, and the second and the third read as much again. */
    private static void assertEveryRoundReads(long[] reads) {
        assertThat(reads[0]).as("the first round reads").isPositive();
        assertThat(reads[1] - reads[0]).as("a second round reads again").isEqualTo(reads[0]);
        assertThat(reads[2] - reads[1]).as("and a third").isEqualTo(reads[0]);
    }

    /** How often the stand-in answered {@code operation} while priming with 1, 2 and 3 rounds. */
    private static long[] readsPerRounds(Function<Functions, CliauthFunction> handler, String operation) {
        long[] reads = new long[3];
        for (int rounds = 1; rounds <= 3; rounds++) {
            try (Functions functions = Functions.start(Map.of("cliauth.priming.rounds", rounds))) {
                CliauthFunction function = handler.apply(functions);
                Priming.Report report = function.priming().prime();
                function.priming().restored();
                reads[rounds - 1] = report.dynamoOperations().stream().filter(operation::equals).count();
            }
        }
        return reads;
    }
}
