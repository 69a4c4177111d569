package dev.cliauth.config;

import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.testing.TestDynamo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictConvertersTest {

    @Test
    void parseWhenNumberWithUnitOrIsoThenDuration() {
        assertThat(StrictConverters.duration("500ms")).contains(Duration.ofMillis(500));
        assertThat(StrictConverters.duration("5s")).contains(Duration.ofSeconds(5));
        assertThat(StrictConverters.duration(" 10m ")).contains(Duration.ofMinutes(10));
        assertThat(StrictConverters.duration("1h")).contains(Duration.ofHours(1));
        assertThat(StrictConverters.duration("2d")).contains(Duration.ofDays(2));
        assertThat(StrictConverters.duration("PT90S")).contains(Duration.ofSeconds(90));
        assertThat(StrictConverters.duration("0s")).as("zero is a setting's own business").contains(Duration.ZERO);
    }

    @Test
    void parseWhenMalformedNegativeOrHugeThenEmpty() {
        for (String bad : new String[] {"", "s", "5", "5x", "5 s", "-5s", "PT-1S", "P", "1.5s",
                "99999999999999999999s", "5S"}) {
            assertThat(StrictConverters.duration(bad)).as(bad).isEqualTo(Optional.empty());
        }
    }

    @Test
    void startWhenDurationSettingMalformedThenFunctionFailsToStartNamingTheSetting() {
        assertThatThrownBy(() -> new TokenHandler(Map.of("cliauth.table", "t", "cliauth.dynamodb.endpoint",
                TestDynamo.endpoint(), "cliauth.device.code-ttl", "ten minutes")))
                .hasMessageContaining("codeTtl").hasStackTraceContaining("expected a duration such as 30s");
    }

    @Test
    void startWhenNumberSettingMalformedThenFunctionFailsToStart() {
        assertThatThrownBy(() -> new TokenHandler(Map.of("cliauth.table", "t", "cliauth.dynamodb.endpoint",
                TestDynamo.endpoint(), "cliauth.dynamodb.max-attempts", "three")))
                .hasMessageContaining("DynamoDbSettings").hasMessageContaining("expected a whole number, got \"three\"");
    }

    @Test
    void webhookSettingsWhenOneEventCouldOutlastTheFunctionThenRefused() {
        assertThat(new WebhookSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(5), false).longestSend())
                .isEqualTo(Duration.ofSeconds(27));
        assertThatThrownBy(() -> new WebhookSettings(6, Duration.ofSeconds(4), Duration.ofSeconds(5), false))
                .hasMessageContaining("cliauth.webhook.attempts").hasMessageContaining("154s");
    }

    @Test
    void issuerWhenNotAnAbsoluteHttpUrlThenRefused() {
        for (String bad : new String[]{"auth.example.com", "ftp://auth.example.com", "https://", "https://a.example/?x=1",
                "https://a.example/#f", "https://user@a.example", "https://a b.example"}) {
            assertThatThrownBy(() -> new ServiceSettings(bad, "t")).as(bad).hasMessageContaining("cliauth.issuer");
        }
        for (String good : new String[]{"https://auth.example.com", "https://auth.example.com/", "http://localhost:8080",
                "https://a.example/tenant"}) {
            assertThat(new ServiceSettings(good, "t").issuer()).isEqualTo(good);
        }
        assertThat(new ServiceSettings(null, "t").issuer()).as("derived from the request's domain").isNull();
    }

    @Test
    void startWhenSettingOutOfRangeThenFunctionFailsToStartNamingIt() {
        Map<String, String> bad = Map.of(
                "cliauth.limits.live-codes", "0",
                "cliauth.device.code-ttl", "0s",
                "cliauth.dynamodb.max-attempts", "0",
                "cliauth.token.access-token-ttl", "0s",
                "cliauth.token.signing-key-rotation", "999999999999d",
                "cliauth.priming.rounds", "0",
                "cliauth.issuer", "auth.example.com");
        bad.forEach((setting, value) -> assertThatThrownBy(() -> new TokenHandler(Map.of("cliauth.table", "t",
                "cliauth.dynamodb.endpoint", TestDynamo.endpoint(), setting, value)))
                .as(setting).hasStackTraceContaining(setting));
    }

    @Test
    void startWhenZeroDurationAllowedByTheSettingThenStarts() {
        // cache-ttl 0s turns the client cache off; poll-slack 0s allows no early poll at all.
        try (TokenHandler token = new TokenHandler(Map.of("cliauth.table", "t", "cliauth.dynamodb.endpoint",
                TestDynamo.endpoint(), "cliauth.client.cache-ttl", "0s", "cliauth.device.poll-slack", "0s"))) {
            assertThat(token.context().getBean(DeviceSettings.class).pollSlack()).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void startWhenDurationSettingGivenThenUsed() {
        try (TokenHandler token = new TokenHandler(Map.of("cliauth.table", "t", "cliauth.dynamodb.endpoint",
                TestDynamo.endpoint(), "cliauth.device.code-ttl", "90s"))) {
            assertThat(token.context().getBean(DeviceSettings.class).codeTtl()).isEqualTo(Duration.ofSeconds(90));
        }
    }
}
