package dev.cliauth.device;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.config.LimitSettings;
import io.micronaut.context.ApplicationContext;
import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins one source may start (SPEC §5, the live-code assumption): a twentieth of the live codes
 * the code-entry limits assume, per 10 minutes, counted in the same transaction as the grant.
 */
class DeviceAuthorizationLimitTest {

    @Test
    void theDefaultIsATwentiethOfTheAssumedLiveCodes() {
        // The settings as a deployment binds them, with nothing set.
        try (ApplicationContext context = ApplicationContext.run()) {
            LimitSettings defaults = context.getBean(LimitSettings.class);
            assertThat(defaults.liveCodes()).isEqualTo(1000);
            assertThat(defaults.sourceDeviceAuthorizationsPerWindow()).isEqualTo(defaults.liveCodes() / 20);
        }
    }

    @Test
    void overTheLimitThen429SlowDownWithRetryAfterAndNothingStored() {
        CallCounter counter = new CallCounter();
        try (Functions functions = Functions.start(Map.of(Functions.MANY_LOGINS, "3"), counter)) {
            for (int i = 0; i < 3; i++) {
                assertThat(authorize(functions, "2001:db8:5:5::" + (i + 1)).getStatusCode()).isEqualTo(200);
            }
            counter.reset();
            APIGatewayV2HTTPResponse limited = authorize(functions, "2001:db8:5:5:ffff::1");
            assertThat(limited.getStatusCode()).as("the same /64").isEqualTo(429);
            assertThat(Functions.json(limited)).containsEntry("error", "slow_down");
            assertThat(limited.getHeaders()).containsKey("Retry-After");
            assertThat(counter.calls()).as("one transaction, cancelled whole; then the limit_hit audit item")
                    .containsExactly("TransactWriteItems", "PutItem");
            assertThat(authorize(functions, "203.0.113.5").getStatusCode()).as("another source").isEqualTo(200);
            functions.clock.advance(Duration.ofMinutes(10));
            assertThat(authorize(functions, "2001:db8:5:5::9").getStatusCode()).as("the next window").isEqualTo(200);
        }
    }

    private static APIGatewayV2HTTPResponse authorize(Functions functions, String ip) {
        return Functions.invoke(functions.deviceAuthorization, Events.load("device-authorization").sourceIp(ip).build());
    }
}
