package dev.cliauth.token;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** Polling abuse (RFC 8628 §5.2): a per-code budget, and unknown codes counted per source. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollingAbuseTest {

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start(Map.of("cliauth.limits.unknown-polls-per-minute", "5"));
        logins = new Logins(functions);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    private static String error(APIGatewayV2HTTPResponse r) {
        return (String) Functions.json(r).get("error");
    }

    @Test
    void clientHonouringIntervalForTheWholeLifetimeIsNeverPenalised() {
        var started = logins.start();
        int interval = started.interval();
        // 600 s at 5 s: 120 polls, each arriving up to 0.9 s early (jitter), the first immediately.
        long elapsed = 0;
        for (int i = 0; elapsed < 599_000; i++) {
            var r = logins.poll(started.deviceCode());
            assertThat(error(r)).as("poll %d at %d ms", i, elapsed).isEqualTo("authorization_pending");
            long step = interval * 1000L - (i % 2 == 0 ? 900 : 0);
            functions.clock.advance(Duration.ofMillis(step));
            elapsed += step;
        }
        functions.clock.advance(Duration.ofMillis(-elapsed));
    }

    @Test
    void atTheShortestIntervalPollingTooFastStillGetsSlowDown() {
        try (Functions fast = Functions.start(Map.of("cliauth.device.interval", "1s"))) {
            Logins at1s = new Logins(fast);
            var started = at1s.start();
            assertThat(started.interval()).isEqualTo(1);
            assertThat(error(at1s.poll(started.deviceCode()))).isEqualTo("authorization_pending");
            fast.clock.advance(Duration.ofMillis(300));
            assertThat(error(at1s.poll(started.deviceCode()))).as("300 ms after, with a 1 s interval").isEqualTo("slow_down");
            fast.clock.advance(Duration.ofSeconds(6));
            assertThat(error(at1s.poll(started.deviceCode()))).as("honouring the new interval").isEqualTo("authorization_pending");
        }
    }

    @Test
    void pollingFasterThanAllowedExhaustsTheBudgetAndFinishesTheCode() {
        var started = logins.start();
        String last = null;
        int polls = 0;
        for (; polls < 400; polls++) {
            last = error(logins.poll(started.deviceCode()));
            if (last.equals("expired_token")) {
                break;
            }
            assertThat(last).isIn("authorization_pending", "slow_down");
        }
        assertThat(last).isEqualTo("expired_token");
        assertThat(polls).as("budget: 600 s / 4 s gap + 10 slack").isEqualTo(160);
        assertThat(logins.grants().findByUserCode("default",
                dev.cliauth.code.UserCodeFormat.normal(started.userCode())))
                .as("finished code: expired in the page's index (the page says \"expired\")")
                .singleElement().satisfies(g -> assertThat(g.expiredAt(functions.clock.millis())).isTrue());
        functions.clock.advance(Duration.ofSeconds(30));
        assertThat(error(logins.poll(started.deviceCode()))).isEqualTo("expired_token");
        functions.clock.advance(Duration.ofSeconds(-30));
    }

    @Test
    void unknownDeviceCodesFromOneSourceAreSlowedDown() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 5; i++) {
            assertThat(error(poll(dev.cliauth.code.DeviceCode.generate(random), "203.0.113.9"))).isEqualTo("invalid_grant");
        }
        var slowed = poll(dev.cliauth.code.DeviceCode.generate(random), "203.0.113.9");
        assertThat(slowed.getStatusCode()).isEqualTo(429);
        assertThat(error(slowed)).isEqualTo("slow_down");
        assertThat(slowed.getHeaders()).containsKey("Retry-After");
        assertThat(error(poll(dev.cliauth.code.DeviceCode.generate(random), "203.0.113.10")))
                .as("other sources unaffected").isEqualTo("invalid_grant");
        var started = logins.start();
        assertThat(error(poll(started.deviceCode(), "203.0.113.9")))
                .as("a known code from a slowed source still works").isEqualTo("authorization_pending");
    }

    private APIGatewayV2HTTPResponse poll(String deviceCode, String ip) {
        return Functions.invoke(functions.token, Events.load("token-poll").sourceIp(ip)
                .form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code")
                        + "&device_code=" + enc(deviceCode) + "&client_id=demo-cli").build());
    }

    /** README, Polling: past its poll budget a code is finished, "expired" on the page too. */
    @Test
    void codeFinishedByItsPollBudgetIsExpiredOnThePage() {
        var started = logins.start();
        String last = null;
        for (int i = 0; i < 400 && !"expired_token".equals(last); i++) {
            last = (String) Functions.json(logins.poll(started.deviceCode())).get("error");
        }
        assertThat(last).isEqualTo("expired_token");
        var page = new dev.cliauth.testing.EventBrowser(functions.verification)
                .signInWithCode(started.userCode(), "demo@example.com", "demo-password");
        assertThat(page.getStatusCode()).isEqualTo(410);
        assertThat(page.getBody()).doesNotContain("That code didn't work");
    }
}
