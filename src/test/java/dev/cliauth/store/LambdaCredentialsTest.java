package dev.cliauth.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a deployed function gets its DynamoDB credentials (SPEC §12): a SnapStart function has no
 * {@code AWS_ACCESS_KEY_ID}, only Lambda's container credentials endpoint. A fresh JVM runs the
 * token function with Lambda's constructor against a local endpoint that serves container
 * credentials and a stand-in DynamoDB endpoint that records how each request was signed.
 */
class LambdaCredentialsTest {

    private static final String SERVED_KEY_ID = "ASIACLIAUTHCONTAINER1";
    private static final String SERVED_SESSION_TOKEN = "served-session-token";
    private static final String AUTHORIZATION_TOKEN = "lambda-authorization-token";

    private HttpServer server;
    private final AtomicInteger credentialFetches = new AtomicInteger();
    private final List<String> rejectedCredentialFetches = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> dynamoRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/credentials", this::credentials);
        server.createContext("/", this::dynamo);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void snapStartFunctionWithoutAccessKeyThenSignsWithContainerCredentialsFetchedAtFirstCall() throws Exception {
        List<String> output = runChild(Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", base() + "/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTHORIZATION_TOKEN));

        assertThat(output).contains("STATUS 400");
        dynamoRequests.forEach(r -> System.out.println("container credentials: " + r.get("target") + " signed "
                + r.get("authorization").substring(0, r.get("authorization").indexOf(',')) + " after "
                + credentialFetches.get() + " fetch(es) at the first call"));
        assertThat(rejectedCredentialFetches).isEmpty();
        assertThat(credentialFetches.get()).isEqualTo(1);
        assertThat(dynamoRequests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + SERVED_KEY_ID + "/");
            assertThat(request.get("x-amz-security-token")).isEqualTo(SERVED_SESSION_TOKEN);
        });
    }

    @Test
    void functionWithEnvironmentCredentialsAndNoContainerEndpointThenSignsWithThem() throws Exception {
        // Lambda without SnapStart, and sam local, put the role's credentials in the environment.
        List<String> output = runChild(Map.of(
                "AWS_ACCESS_KEY_ID", "AKIACLIAUTHENVIRONMENT",
                "AWS_SECRET_ACCESS_KEY", "environment-secret",
                "AWS_SESSION_TOKEN", "environment-session-token"));

        assertThat(output).contains("STATUS 400");
        assertThat(credentialFetches.get()).isZero();
        assertThat(dynamoRequests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIACLIAUTHENVIRONMENT/");
            assertThat(request.get("x-amz-security-token")).isEqualTo("environment-session-token");
        });
    }

    /**
     * Runs the child until it has served one request. Between init (with SnapStart's priming) and
     * that request nothing may have fetched credentials: they are resolved at the first DynamoDB
     * call, not during init or priming.
     */
    private List<String> runChild(Map<String, String> credentials) throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        String classpath = String.join(java.io.File.pathSeparator, target.resolve("classes").toString(),
                java.nio.file.Files.readString(target.resolve("lambda-classpath.txt")).trim(),
                target.resolve("test-classes").toString(), System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, LambdaCredentialsChild.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CLIAUTH_")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        pb.environment().put("AWS_REGION", "eu-west-1");
        pb.environment().put("AWS_CONFIG_FILE", target.resolve("no-such-aws-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", target.resolve("no-such-aws-credentials").toString());
        pb.environment().put("CLIAUTH_TABLE", "cliauth");
        pb.environment().put("CLIAUTH_DYNAMODB_ENDPOINT", base());
        pb.environment().putAll(credentials);
        pb.redirectErrorStream(true);
        Process child = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.equals("INIT-DONE")) {
                    assertThat(credentialFetches.get()).as("credentials fetched during init or priming").isZero();
                    assertThat(dynamoRequests).as("DynamoDB called during init or priming").isEmpty();
                    in.write("go\n");
                    in.flush();
                }
            }
        } finally {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void credentials(HttpExchange exchange) throws IOException {
        try (exchange) {
            String presented = exchange.getRequestHeaders().getFirst("Authorization");
            if (!AUTHORIZATION_TOKEN.equals(presented)) {
                rejectedCredentialFetches.add(String.valueOf(presented));
                respond(exchange, 401, "{}", "application/json");
                return;
            }
            credentialFetches.incrementAndGet();
            respond(exchange, 200, """
                    {"AccessKeyId":"%s","SecretAccessKey":"served-secret","Token":"%s","Expiration":"%s"}"""
                    .formatted(SERVED_KEY_ID, SERVED_SESSION_TOKEN, Instant.now().plus(1, ChronoUnit.HOURS)), "application/json");
        }
    }

    /** Any DynamoDB call: records its signature headers and answers "no item" ({@code {}}). */
    private void dynamo(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            dynamoRequests.add(Map.of(
                    "target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")),
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "x-amz-security-token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))));
            respond(exchange, 200, "{}", "application/x-amz-json-1.0");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
