package dev.cliauth.local;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed start said in one line that names the setting a person has to change. */
class StartFailureTest {

    private static final String HANDLER = "dev.cliauth.lambda.TokenHandler";

    /** Wrapped as Micronaut and reflection wrap it: the reason is the root cause's. */
    private static Throwable wrapped(Throwable root) {
        return new InvocationTargetException(new IllegalStateException(
                "Bean definition [Settings] could not be loaded: Error instantiating bean\n\nMessage: "
                        + root.getMessage() + "\nPath Taken:\nnew Settings(Duration codeTtl)", root));
    }

    @Test
    void malformedValueNamesTheVariableThatCarriesIt() {
        Throwable failure = wrapped(new IllegalArgumentException(
                "expected a duration such as 30s, 10m or PT10M, got \"ten minutes\""));

        String line = StartFailure.describe(HANDLER, failure, Map.of(),
                Map.of("CLIAUTH_DEVICE_CODE_TTL", "ten minutes", "CLIAUTH_DEVICE_INTERVAL", "5s", "HOME", "ten minutes"));

        assertThat(line).isEqualTo("bad setting CLIAUTH_DEVICE_CODE_TTL: expected a duration such as 30s, 10m or PT10M,"
                + " got \"ten minutes\"");
    }

    @Test
    void malformedValueCutShortInTheMessageStillNamesTheVariable() {
        String value = "1234567890123456789012345678901234567890 seconds";
        Throwable failure = wrapped(new IllegalArgumentException(
                "expected a whole number, got \"" + value.substring(0, 40) + "…\""));

        String line = StartFailure.describe(HANDLER, failure, Map.of(), Map.of("CLIAUTH_LIMITS_POLL_SLACK", value));

        assertThat(line).startsWith("bad setting CLIAUTH_LIMITS_POLL_SLACK: expected a whole number");
    }

    @Test
    void malformedValueGivenAsPropertyNamesTheProperty() {
        Throwable failure = wrapped(new IllegalArgumentException(
                "expected a duration such as 30s, 10m or PT10M, got \"soon\""));

        String line = StartFailure.describe(HANDLER, failure, Map.of("cliauth.device.interval", "soon",
                "cliauth.table", "t"), Map.of());

        assertThat(line).startsWith("bad setting cliauth.device.interval: ");
    }

    @Test
    void valueOutOfRangeNamesTheSettingAndTheVariableThatCarriesIt() {
        Throwable failure = wrapped(new IllegalArgumentException(
                "cliauth.limits.live-codes must be between 1 and 4096, got 0"));

        String line = StartFailure.describe(HANDLER, failure, Map.of(), Map.of("CLIAUTH_LIMITS_LIVE_CODES", "0"));

        assertThat(line).isEqualTo("bad setting CLIAUTH_LIMITS_LIVE_CODES: "
                + "cliauth.limits.live-codes must be between 1 and 4096, got 0");
    }

    @Test
    void valueOutOfRangeWithoutItsVariableNamesTheSetting() {
        Throwable failure = wrapped(new IllegalArgumentException(
                "cliauth.limits.live-codes must be between 1 and 4096, got 0"));

        String line = StartFailure.describe(HANDLER, failure, Map.of("cliauth.limits.live-codes", 0), Map.of());

        assertThat(line).isEqualTo("bad setting: cliauth.limits.live-codes must be between 1 and 4096, got 0");
    }

    @Test
    void otherFailureNamesTheHandlerAndTheRootCauseInOneLine() {
        Throwable failure = wrapped(new IllegalStateException("Unable to load region\nfrom any provider"));

        String line = StartFailure.describe(HANDLER, failure, Map.of(), Map.of());

        assertThat(line).isEqualTo("TokenHandler did not start: IllegalStateException: Unable to load region");
    }

    @Test
    void micronautMessageWithoutCauseGivesItsReasonLine() {
        Throwable failure = new IllegalStateException(
                "Bean definition [X] could not be loaded\n\nMessage: no bean of type [Clock]\nPath Taken: new X()");

        String line = StartFailure.describe(HANDLER, failure, Map.of(), Map.of());

        assertThat(line).isEqualTo("TokenHandler did not start: IllegalStateException: no bean of type [Clock]");
    }

    @Test
    void propertyNameMapsToTheEnvironmentVariableMicronautReads() {
        assertThat(StartFailure.environmentName("cliauth.limits.live-codes")).isEqualTo("CLIAUTH_LIMITS_LIVE_CODES");
    }
}
