package dev.cliauth.token;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.ConsumedCapacityLog;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polls through the real token handler, with {@code ReturnConsumedCapacity=INDEXES} on its own
 * client: a pending poll and a slow_down write the grant only, never the user-code index
 * (SPEC §10, capacity per login).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollIndexWritesTest {

    private final ConsumedCapacityLog capacity = new ConsumedCapacityLog();
    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start(Map.of(), capacity);
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
    void pendingPollWhenOnTimeThenWritesTheGrantAndNotTheIndex() {
        var started = logins.start();
        capacity.reset();

        assertThat(error(logins.poll(started.deviceCode()))).isEqualTo("authorization_pending");

        assertThat(capacity.calls()).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo("UpdateItem");
            assertThat(c.table()).isPositive();
            assertThat(c.indexes()).as("index writes of a pending poll").isEmpty();
        });
    }

    @Test
    void pollWhenTooSoonThenSlowDownWritesTheGrantAndNotTheIndex() {
        var started = logins.start();
        logins.poll(started.deviceCode());
        capacity.reset();

        assertThat(error(logins.poll(started.deviceCode()))).isEqualTo("slow_down");

        assertThat(capacity.calls()).as("the refused poll answers no capacity; the slow_down update does")
                .singleElement().satisfies(c -> {
                    assertThat(c.table()).isPositive();
                    assertThat(c.indexes()).as("index writes of a slow_down").isEmpty();
                });
    }

    @Test
    void deviceAuthorizationThenWritesTheIndex() {
        capacity.reset();

        logins.start();

        assertThat(capacity.calls()).as("control: the store names the index when it is written")
                .singleElement().satisfies(c -> assertThat(c.index(Keys.USER_CODE_INDEX)).isPositive());
    }
}
