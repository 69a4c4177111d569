package dev.cliauth.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What local mode's HTTP server does with any request, apart from the real functions: every
 * request gets a complete answer and the connection survives it; a busy port or a handler that
 * refuses its settings fails the start with one line naming it.
 */
class LocalServerTest {

    @TempDir
    Path dir;

    private LocalServer server;

    @BeforeEach
    void start() {
        server = new LocalServer(StubHandlers.template(dir, "GET /echo Echo", "POST /echo Echo",
                "GET /broken/{proxy+} Broken"), 0, Map.of());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        return body;
    }

    @Test
    void unknownRouteWith70KbBodyGets404AndTheConnectionServesTheNextRequest() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response answer = http.post("/nowhere", bytes(70 * 1024), false);

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.text()).isEqualTo("{\"message\":\"Not Found\"}");
            assertThat(http.get("/echo").text()).isEqualTo("got 0 bytes");
        }
    }

    @Test
    void bodyOfTwoMegabytesGets413AndTheConnectionServesTheNextRequest() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response answer = http.post("/echo", bytes(2 * LocalServer.MAX_BODY), false);

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.text()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
            assertThat(http.get("/echo").status()).isEqualTo(200);
        }
    }

    @Test
    void chunkedBodyOverOneMegabyteToUnknownRouteGets413AndTheConnectionServesTheNextRequest() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response answer = http.post("/nowhere", bytes(2 * LocalServer.MAX_BODY), true);

            assertThat(answer.status()).isEqualTo(413);
            assertThat(http.get("/echo").status()).isEqualTo(200);
        }
    }

    @Test
    void bodyOfExactlyOneMegabyteReachesTheHandler() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response answer = http.post("/echo", bytes(LocalServer.MAX_BODY), false);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).isEqualTo("got " + LocalServer.MAX_BODY + " bytes");
        }
    }

    @Test
    void handlerThatThrowsGets500AndTheConnectionServesTheNextRequest() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response answer = http.get("/broken/throws");

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.text()).isEqualTo("{\"message\":\"Internal Server Error\"}");
            assertThat(http.get("/echo").status()).isEqualTo(200);
        }
    }

    @Test
    void handlerThatReturnsNoResponseGets500() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            assertThat(http.get("/broken/null").status()).isEqualTo(500);
            assertThat(http.get("/echo").status()).isEqualTo(200);
        }
    }

    @Test
    void handlerThatReturnsAnImpossibleStatusGets500() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            assertThat(http.get("/broken/status-0").status()).isEqualTo(500);
            assertThat(http.get("/echo").status()).isEqualTo(200);
        }
    }

    @Test
    void headRequestToUnknownRouteGets404WithoutBodyAndTheConnectionServesTheNextRequest() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            assertThat(http.head("/nowhere").status()).isEqualTo(404);
            assertThat(http.get("/echo").text()).isEqualTo("got 0 bytes");
        }
    }

    @Test
    void busyPortFailsTheStartNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> new LocalServer(StubHandlers.template(dir, "GET /echo Echo"), port, Map.of()))
                    .isInstanceOf(StartFailure.class)
                    .hasMessage("port " + port + " on 127.0.0.1 is already in use; stop what listens there"
                            + " or choose another port with PORT");
        }
    }

    @Test
    void handlerRefusingItsSettingsFailsTheStartNamingTheSettingClosesTheOthersAndFreesThePort() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        int closedBefore = StubHandlers.Echo.CLOSED.get();

        assertThatThrownBy(() -> new LocalServer(StubHandlers.template(dir, "GET /echo Echo", "GET /refuse Refusing"),
                port, Map.of()))
                .isInstanceOf(StartFailure.class)
                .hasMessage("bad setting: cliauth.stub.limit must be between 1 and 10, got 0");

        assertThat(StubHandlers.Echo.CLOSED.get()).isEqualTo(closedBefore + 1);
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void realFunctionRefusingAMalformedDurationFailsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> new LocalServer(SamTemplate.load(), 0, Map.of(
                "cliauth.table", "t",
                "cliauth.issuer", "http://localhost",
                "cliauth.dynamodb.endpoint", "http://127.0.0.1:9",
                "cliauth.dynamodb.region", "us-east-1",
                "cliauth.device.code-ttl", "ten minutes")))
                .isInstanceOf(StartFailure.class)
                .hasMessage("bad setting cliauth.device.code-ttl: expected a duration such as 30s, 10m or PT10M,"
                        + " got \"ten minutes\"");
    }

    @Test
    void realFunctionRefusingAnOutOfRangeLimitFailsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> new LocalServer(SamTemplate.load(), 0, Map.of(
                "cliauth.table", "t",
                "cliauth.issuer", "http://localhost",
                "cliauth.dynamodb.endpoint", "http://127.0.0.1:9",
                "cliauth.dynamodb.region", "us-east-1",
                "cliauth.limits.live-codes", "0")))
                .isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("bad setting")
                .hasMessageContaining("cliauth.limits.live-codes must be between 1 and")
                .hasMessageNotContaining("\n");
    }

    @Test
    void closeClosesEveryHandler() {
        int closedBefore = StubHandlers.Echo.CLOSED.get();

        server.close();
        server = null;

        assertThat(StubHandlers.Echo.CLOSED.get()).isEqualTo(closedBefore + 1);
    }
}
