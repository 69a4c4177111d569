package dev.cliauth.flow;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.local.Seed;
import dev.cliauth.store.conformance.LocalStackStore;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole login on LocalStack (Testcontainers), the reference DynamoDB, with the table created from
 * template.yaml and the handlers on the url-connection client of a deployment: device
 * authorization, approval through the verification handler, tokens. Where no Docker engine
 * answers, JUnit reports this class as skipped (disabled: no Docker), never as passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackLoginTest {

    @Test
    void loginOnLocalStackWhenApprovedThenTokensOnceAndGrantRedeemed() {
        LocalStackStore store = LocalStackStore.get();
        String table = store.newTable();
        try (Functions functions = Functions.onEndpoint(store.endpoint(), store.client(), table)) {
            Logins logins = new Logins(functions);
            Logins.Started started = logins.start();
            assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "authorization_pending");

            EventBrowser browser = new EventBrowser(functions.verification);
            APIGatewayV2HTTPResponse confirm = browser.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
            assertThat(confirm.getBody()).contains("Approve");
            APIGatewayV2HTTPResponse approved = browser.decide("approve");
            assertThat(approved.getStatusCode()).isEqualTo(200);

            functions.clock.advance(Duration.ofSeconds(started.interval()));
            APIGatewayV2HTTPResponse tokens = logins.poll(started.deviceCode());
            assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);
            assertThat(Functions.json(tokens)).containsKeys("access_token", "id_token");
            assertThat(logins.grantItem(started.deviceCode()).get("status").s()).isEqualTo("REDEEMED");

            functions.clock.advance(Duration.ofSeconds(started.interval()));
            assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "invalid_grant");
        }
    }
}
