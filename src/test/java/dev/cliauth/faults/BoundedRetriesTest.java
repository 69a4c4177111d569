package dev.cliauth.faults;

import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.lambda.VerificationHandler;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB that accepts connections and never answers: every request must end with 503 inside
 * the call timeout (3 s, retries included), far inside the 10 s Lambda timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedRetriesTest {

    private ServerSocket blackHole;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private Map<String, Object> properties;

    @BeforeAll
    void start() throws IOException {
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!blackHole.isClosed()) {
                try {
                    held.add(blackHole.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        properties = Map.of("cliauth.table", "unreachable",
                "cliauth.dynamodb.endpoint", "http://127.0.0.1:" + blackHole.getLocalPort());
    }

    @AfterAll
    void stop() throws IOException {
        blackHole.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void tokenPollAgainstUnresponsiveDynamoEndsIn503WithinTheCallTimeout() {
        TokenHandler token = new TokenHandler(properties);
        try {
            long start = System.nanoTime();
            var response = Functions.invoke(token, Events.load("token-poll")
                    .form("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=demo-cli"
                            + "&device_code=" + "A".repeat(43)).build());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(Functions.json(response)).containsEntry("error", "temporarily_unavailable");
            assertThat(response.getHeaders()).containsKey("Retry-After");
            assertThat(millis).as("bounded by cliauth.dynamodb.call-timeout").isBetween(900L, 4_500L);
        } finally {
            token.context().close();
        }
    }

    @Test
    void pageAgainstUnresponsiveDynamoShowsRetryPageWithinTheCallTimeout() {
        VerificationHandler verification = new VerificationHandler(properties);
        try {
            long start = System.nanoTime();
            var page = new EventBrowser(verification).get(null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(page.getStatusCode()).isEqualTo(503);
            assertThat(page.getBody()).contains("having trouble right now");
            assertThat(millis).isBetween(900L, 4_500L);
        } finally {
            verification.context().close();
        }
    }
}
