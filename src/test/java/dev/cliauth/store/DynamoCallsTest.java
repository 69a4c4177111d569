package dev.cliauth.store;

import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB round trips per request, counted by an SDK interceptor in the handlers' own client
 * (SPEC §10): authorization ≤ 2, pending poll = 1, approval ≤ 2, redemption ≤ 2, JWKS and metadata
 * 0 when warm, no Scan anywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoCallsTest {

    private final CallCounter counter = new CallCounter();
    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start(Map.of(), counter);
        logins = new Logins(functions);
        logins.poll(logins.start().deviceCode());   // warm: clients cached in both functions
        Functions.invoke(functions.token, Events.load("jwks").build());
        new EventBrowser(functions.verification).get(null);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    @Test
    void everyEndpointWithinBudgetAndNoScan() {
        counter.reset();
        var started = logins.start();
        assertThat(counter.calls()).as("device authorization").containsExactly("TransactWriteItems");

        counter.reset();
        logins.poll(started.deviceCode());
        assertThat(counter.calls()).as("pending poll").containsExactly("UpdateItem");

        EventBrowser browser = new EventBrowser(functions.verification);
        browser.get("user_code=" + started.userCode());
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + started.userCode());
        counter.reset();
        browser.post("/device/signin", "csrf=" + enc(browser.csrf()) + "&user_code=" + started.userCode()
                + "&username=demo%40example.com&password=demo-password");
        assertThat(counter.calls()).as("sign-in with its attempt taken and given back and its session added to the"
                        + " account, then the code lookup with its own attempt")
                .containsExactly("TransactWriteItems", "GetItem", "UpdateItem", "TransactWriteItems",
                        "TransactWriteItems", "Query", "TransactWriteItems");

        counter.reset();
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + started.userCode());
        assertThat(counter.calls()).as("code lookup on the page: the session checked against its account first")
                .containsExactly("GetItem", "TransactWriteItems", "Query", "TransactWriteItems");

        counter.reset();
        browser.decide("approve");
        assertThat(counter.calls()).as("approval: session checked, signed grant reference, no lookup")
                .containsExactly("GetItem", "TransactWriteItems");

        functions.clock.advance(Duration.ofSeconds(5));
        counter.reset();
        assertThat(logins.poll(started.deviceCode()).getStatusCode()).isEqualTo(200);
        assertThat(counter.calls()).as("redemption").containsExactly("UpdateItem", "TransactWriteItems");

        counter.reset();
        Functions.invoke(functions.token, Events.load("jwks").build());
        Functions.invoke(functions.token, Events.load("metadata").build());
        assertThat(counter.calls()).as("JWKS and metadata when warm").isEmpty();
    }

    @Test
    void slowDownCostsTwoWrites() {
        var started = logins.start();
        logins.poll(started.deviceCode());
        counter.reset();
        logins.poll(started.deviceCode());
        assertThat(counter.calls()).containsExactly("UpdateItem", "UpdateItem");
    }
}
