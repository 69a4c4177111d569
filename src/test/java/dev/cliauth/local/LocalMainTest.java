package dev.cliauth.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Local mode as {@code mvn -q test-compile exec:exec} runs it: {@link LocalMain} in a JVM of its
 * own, with the flags of the {@code exec} configuration in pom.xml, started by another process.
 */
class LocalMainTest {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopEverythingStarted() {
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The command line of a JVM like exec:exec's, on the test classpath. */
    static List<String> command(String mainClass) {
        String surefire = System.getProperty("surefire.test.class.path");
        String classpath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, mainClass);
    }

    private Process start(String mainClass, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(mainClass));
        pb.environment().keySet().removeIf(k -> k.startsWith("CLIAUTH_") || k.equals("PORT")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        started.add(p.toHandle());
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs local mode expecting it to refuse to start; returns its output. */
    private String failedStart(Map<String, String> env) throws Exception {
        Path log = dir.resolve("local.log");
        Process p = start(LocalMain.class.getName(), env, log);

        assertThat(p.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("local mode ended instead of hanging").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
        return output;
    }

    private static List<String> linesStartingWith(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private static void awaitServing(String base, Process p, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as(() -> readQuietly(log)).isTrue();
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("local mode did not serve within " + START + ":\n" + readQuietly(log));
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void malformedSettingEndsLocalModeWithOneLineNamingIt() throws Exception {
        String output = failedStart(Map.of("PORT", Integer.toString(freePort()), "CLIAUTH_DEVICE_CODE_TTL", "ten minutes"));

        assertThat(linesStartingWith(output, "cliauth:")).containsExactly(
                "cliauth: local mode did not start: bad setting CLIAUTH_DEVICE_CODE_TTL: "
                        + "expected a duration such as 30s, 10m or PT10M, got \"ten minutes\"");
    }

    @Test
    void settingOutOfRangeEndsLocalModeWithOneLineNamingIt() throws Exception {
        String output = failedStart(Map.of("PORT", Integer.toString(freePort()), "CLIAUTH_LIMITS_LIVE_CODES", "0"));

        assertThat(linesStartingWith(output, "cliauth:")).singleElement().asString()
                .startsWith("cliauth: local mode did not start: bad setting CLIAUTH_LIMITS_LIVE_CODES: "
                        + "cliauth.limits.live-codes must be between 1 and");
    }

    @Test
    void busyPortEndsLocalModeWithOneLineNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String output = failedStart(Map.of("PORT", Integer.toString(taken.getLocalPort())));

            assertThat(linesStartingWith(output, "cliauth:")).containsExactly(
                    "cliauth: local mode did not start: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use;"
                            + " stop what listens there or choose another port with PORT");
        }
    }

    @Test
    void busyOrMalformedDynamodbPortEndsLocalModeWithOneLineNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String output = failedStart(Map.of("PORT", Integer.toString(freePort()),
                    "DYNAMODB_PORT", Integer.toString(taken.getLocalPort())));
            assertThat(linesStartingWith(output, "cliauth:")).containsExactly(
                    "cliauth: local mode did not start: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use;"
                            + " stop what listens there or choose another port with DYNAMODB_PORT");
            assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThatThrownBy(() -> LocalMain.port("DYNAMODB_PORT", "80a", 0, 0))
                .isInstanceOf(StartFailure.class)
                .hasMessage("DYNAMODB_PORT must be a port number from 0 to 65535, got \"80a\"");
        assertThat(LocalMain.port("DYNAMODB_PORT", null, 0, 0)).as("unset: any free port").isZero();
    }

    @Test
    void portThatIsNoNumberIsRefusedNamingPort() {
        assertThatThrownBy(() -> LocalMain.port("80a"))
                .isInstanceOf(StartFailure.class)
                .hasMessage("PORT must be a port number from 1 to 65535, got \"80a\"");
        assertThat(LocalMain.port(null)).isEqualTo(8080);
        assertThat(LocalMain.port("9000")).isEqualTo(9000);
    }

    @Test
    void localModeStopsAndFreesItsPortWhenTheProcessThatStartedItIsKilled() throws Exception {
        int port = freePort();
        Path log = dir.resolve("local.log");
        Process parent = start(ParentOfLocalMain.class.getName(), Map.of("PORT", Integer.toString(port)), log);
        awaitServing("http://127.0.0.1:" + port, parent, log);
        ProcessHandle localMode = parent.children().findFirst().orElseThrow();
        started.add(localMode);   // so a failure here leaves no orphan either

        parent.destroy();   // SIGTERM, as `kill <maven pid>`: it reaches Maven alone, not its child

        assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(localMode.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(portIsFree(port)).as("port %d released", port).isTrue();
        assertThat(readQuietly(log)).contains("cliauth: process " + parent.pid() + " that started local mode has ended; stopping");
    }

    /**
     * Nagle's algorithm with the client's delayed ACK held every answer on a kept-alive connection
     * back by ~40 ms (p50 48 ms); with TCP_NODELAY it is a few milliseconds even on a busy machine.
     */
    @Test
    void keptAliveConnectionGetsItsAnswersAtOnce() throws Exception {
        int port = freePort();
        Path log = dir.resolve("local.log");
        Process localMode = start(LocalMain.class.getName(), Map.of("PORT", Integer.toString(port)), log);
        String base = "http://127.0.0.1:" + port;
        awaitServing(base, localMode, log);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest metadata = HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server")).build();
        for (int i = 0; i < 20; i++) {
            client.send(metadata, HttpResponse.BodyHandlers.discarding());
        }

        long[] nanos = new long[50];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = client.send(metadata, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            assertThat(r.statusCode()).isEqualTo(200);
        }

        Arrays.sort(nanos);
        assertThat(Duration.ofNanos(nanos[nanos.length / 2])).as("p50 of %s ns", Arrays.toString(nanos))
                .isLessThan(Duration.ofMillis(20));
    }
}
