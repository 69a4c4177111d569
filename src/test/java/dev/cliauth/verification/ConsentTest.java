package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent for third-party apps (SPEC §8): the confirmation of another company's app says so and
 * lists what it gets in plain words; the user's decision is the consent, and Deny reaches the
 * device as {@code access_denied}. First-party clients keep the plain confirmation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentTest {

    private static final String THIRD_PARTY = "is another company's app, not part of this";

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    @Test
    void thirdPartyClientWhenConfirmingThenConsentIsAskedAndDenyReachesTheDevice() {
        Logins.Started started = logins.start(Seed.PARTNER_CLIENT, "openid email profile offline_access");
        EventBrowser browser = new EventBrowser(functions.verification);
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        assertThat(confirm.getBody()).contains("Partner CLI " + THIRD_PARTY)
                .contains("you agree to let it use your account")
                .contains("Partner CLI is asking to")
                .contains("See your email address", "See your name", "Stay signed in on the device")
                .contains("Only approve this if you started it yourself");

        assertThat(browser.decide("deny").getBody()).contains("Request denied");
        functions.clock.advance(Duration.ofSeconds(5));
        APIGatewayV2HTTPResponse polled = logins.poll(started.deviceCode(), Seed.PARTNER_CLIENT);
        assertThat(Functions.json(polled)).containsEntry("error", "access_denied");
    }

    @Test
    void thirdPartyClientWhenApprovedThenTokens() {
        Logins.Started started = logins.start(Seed.PARTNER_CLIENT, "openid");
        EventBrowser browser = new EventBrowser(functions.verification);
        assertThat(browser.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD).getBody())
                .contains(THIRD_PARTY);
        browser.decide("approve");
        functions.clock.advance(Duration.ofSeconds(5));
        assertThat(logins.poll(started.deviceCode(), Seed.PARTNER_CLIENT).getStatusCode()).isEqualTo(200);
    }

    @Test
    void firstPartyClientWhenConfirmingThenNoConsentNotice() {
        Logins.Started started = logins.start("demo-cli", "openid email");
        APIGatewayV2HTTPResponse confirm = new EventBrowser(functions.verification)
                .signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        assertThat(confirm.getBody()).contains("Allow Demo CLI?").contains("It will be able to").doesNotContain(THIRD_PARTY);
    }
}
