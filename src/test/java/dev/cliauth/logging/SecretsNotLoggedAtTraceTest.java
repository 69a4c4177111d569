package dev.cliauth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.FaultInjector;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import dev.cliauth.testing.TestDynamo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole login, with its failures, at {@code CLIAUTH_LOG_LEVEL=TRACE}: not one secret of it in the
 * log, though the libraries that printed them before (the AWS SDK's interceptor chain and signer,
 * Micronaut's bean lifecycle) are asked to log at TRACE and DEBUG all along.
 */
class SecretsNotLoggedAtTraceTest {

    private static final String CONFIDENTIAL = "ci-confidential";
    private static final String CLIENT_SECRET = "cs-Zr8PqT2vW9xK4mN7bL1d";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Asked asked = new Asked();
    private final FaultInjector faults = new FaultInjector();
    private final List<String> secrets = new ArrayList<>();
    private Functions functions;

    /**
     * An interceptor that changes every request, as a tracing or signing add-on would: the SDK's
     * interceptor chain then prints the request before and after the change (its items and keys) at
     * TRACE, so that path is taken in every login here whatever the SDK's own interceptors do.
     */
    static final class HeaderAdding implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        @Override
        public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().putHeader("x-cliauth-test", "changed").build();
        }
    }

    @BeforeEach
    void traceIntoCapture() {
        JsonLogger.sink(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogConfigurator.apply(logback, Level.TRACE);
        logback.getTurboFilterList().add(0, asked);
        functions = Functions.overHttp(faults, new HeaderAdding());
    }

    @AfterEach
    void restore() {
        if (functions != null) {
            functions.close();
        }
        logback.getTurboFilterList().remove(asked);
        Level configured = LogConfigurator.threshold(System.getenv(LogConfigurator.VARIABLE));
        LogConfigurator.apply(logback, configured == null ? Level.INFO : configured);
        JsonLogger.sink(System.out);
    }

    @Test
    void wholeLoginWithFailuresAtTraceLogsNoSecret() throws Exception {
        wholeLoginWithFailures();
        LoggerFactory.getLogger(SecretsNotLoggedAtTraceTest.class).trace("login done");
        secrets.addAll(storedSecrets());

        String log = captured.toString(StandardCharsets.UTF_8);
        List<Map<String, Object>> lines = parse(log);
        assertThat(lines).as("the access lines of the login").hasSizeGreaterThan(15);
        assertThat(lines).as("the DynamoDB fault is logged, with its request id")
                .anyMatch(line -> "WARN".equals(line.get("level")) && line.containsKey("request_id")
                        && String.valueOf(line.get("logger")).startsWith("dev.cliauth."));
        assertThat(lines).as("the capture is at TRACE: cliauth's own DEBUG and TRACE lines are there")
                .anyMatch(line -> "DEBUG".equals(line.get("level")) && LogConfigurator.class.getName().equals(line.get("logger"))
                        && String.valueOf(line.get("message")).startsWith("threshold TRACE;"))
                .anyMatch(line -> "TRACE".equals(line.get("level")) && "login done".equals(line.get("message")));
        assertThat(asked.below(Level.DEBUG)).as("the libraries that printed items and keys were asked at TRACE")
                .contains("software.amazon.awssdk.core.interceptor.ExecutionInterceptorChain",
                        "software.amazon.awssdk.request");
        assertThat(asked.below(Level.INFO)).as("... and at DEBUG")
                .contains("software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner",
                        "io.micronaut.context.lifecycle");
        for (Map<String, Object> line : lines) {
            String logger = (String) line.get("logger");
            Level level = Level.toLevel((String) line.get("level"));
            assertThat(level.isGreaterOrEqual(LevelCaps.floor(logger))).as("%s at %s", logger, level).isTrue();
            if ("cliauth.access".equals(logger) || logger.startsWith("dev.cliauth.") && level.isGreaterOrEqual(Level.WARN)) {
                assertThat(line).as("an access or failure line, written while serving a request").containsKey("request_id");
            }
        }
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(log).as("log must not contain a secret").doesNotContain(secret);
        }
        assertThat(log).doesNotContain("password=").doesNotContain("password_hash").doesNotContain("AttributeValue")
                .doesNotContain("Signature=").doesNotContain("injected");
    }

    /**
     * The control: the same login at TRACE without {@link LevelCaps} makes the AWS SDK's signer
     * print the SigV4 canonical request at DEBUG, which carries the session token of Lambda's
     * credentials ({@link AwsCredentialsNotLoggedTest} shows the token itself), and Micronaut print
     * its bean lifecycle: so the test above, which requires every library line at or above its floor,
     * would fail if the caps went. (With the earlier embedded DynamoDB, its server also printed each
     * request with its items, the private signing key among them; cliauth's engine logs nothing.)
     */
    @Test
    void withoutTheCapsTraceWouldPrintTheCanonicalRequestAndBeanLifecycle() throws Exception {
        logback.getTurboFilterList().removeIf(filter -> filter instanceof LevelCaps);
        Logins logins = new Logins(functions);
        var started = logins.start();
        logins.approve(started.userCode());
        functions.clock.advance(Duration.ofSeconds(30));
        assertThat(logins.poll(started.deviceCode()).getStatusCode()).isEqualTo(200);

        List<Map<String, Object>> lines = parse(captured.toString(StandardCharsets.UTF_8));
        assertThat(lines).anyMatch(line -> "DEBUG".equals(line.get("level"))
                && String.valueOf(line.get("logger")).startsWith("software.amazon.awssdk.http.auth")
                && String.valueOf(line.get("message")).startsWith("AWS4 Canonical Request:"));
        assertThat(lines).anyMatch(line -> String.valueOf(line.get("logger")).startsWith("io.micronaut.")
                && Level.toLevel((String) line.get("level")).isGreaterOrEqual(Level.TRACE)
                && !Level.toLevel((String) line.get("level")).isGreaterOrEqual(Level.WARN));
    }

    private void wholeLoginWithFailures() {
        Logins logins = new Logins(functions);
        var started = logins.start("demo-cli", "openid email profile offline_access");
        secrets.add(started.deviceCode());
        secrets.add(enc(started.deviceCode()));
        secrets.add(DeviceCode.hash(started.deviceCode()));
        secrets.add(started.userCode());
        secrets.add(started.userCode().replace("-", ""));
        logins.poll(started.deviceCode());
        logins.poll(started.deviceCode());   // slow_down
        logins.tokenRequest("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code")
                + "&client_id=demo-cli&device_code=" + enc(started.deviceCode()) + "&client_secret=hunter2-secret");
        secrets.add("hunter2-secret");

        EventBrowser browser = new EventBrowser(functions.verification);
        browser.signInWithCode(started.userCode(), "demo@example.com", "wrong-password-xyz");
        secrets.add("wrong-password-xyz");
        secrets.add(browser.csrf());
        browser.post("/device", "csrf=forged-csrf-4f1e9a&user_code=" + enc(started.userCode()));
        secrets.add("forged-csrf-4f1e9a");
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode(started.userCode(), "demo@example.com", "demo-password");
        assertThat(confirm.getStatusCode()).isEqualTo(200);
        secrets.add("demo-password");
        secrets.add(browser.csrf());
        secrets.add(browser.field("sig"));
        secrets.add(browser.field("grant"));
        secrets.addAll(browser.cookies().values());
        browser.decide("approve");

        faults.arm(0, FaultInjector.Fault.SERVER_ERROR);
        functions.clock.advance(Duration.ofSeconds(30));
        assertThat(logins.poll(started.deviceCode()).getStatusCode()).as("DynamoDB fails the poll").isEqualTo(503);
        functions.clock.advance(Duration.ofSeconds(30));
        Map<String, Object> tokens = Functions.json(logins.poll(started.deviceCode()));
        assertThat(tokens).containsKeys("access_token", "id_token");
        secrets.add((String) tokens.get("access_token"));
        secrets.add((String) tokens.get("id_token"));
        if (tokens.get("refresh_token") != null) {
            secrets.add((String) tokens.get("refresh_token"));
        }
        functions.clock.advance(Duration.ofSeconds(30));
        assertThat(logins.poll(started.deviceCode()).getStatusCode()).as("a replayed device code").isEqualTo(400);
        Functions.invoke(functions.token, Events.load("token-poll").rawBody("@@not base64@@", true).build());

        confidentialClientLogin(logins);
    }

    /** A confidential client: a wrong secret, then the right one in the body and in a Basic header. */
    private void confidentialClientLogin(Logins logins) {
        TestDynamo.client().putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, AttributeValue.fromS(Keys.client(Keys.DEFAULT_ORG, CONFIDENTIAL)),
                Keys.ORG, AttributeValue.fromS(Keys.DEFAULT_ORG),
                "client_id", AttributeValue.fromS(CONFIDENTIAL),
                "name", AttributeValue.fromS("CI runner"),
                "scopes", AttributeValue.fromL(List.of(AttributeValue.fromS("openid"))),
                "secret_sha256", AttributeValue.fromS(DeviceCode.hash(CLIENT_SECRET)))));
        secrets.add(CLIENT_SECRET);
        secrets.add(DeviceCode.hash(CLIENT_SECRET));
        APIGatewayV2HTTPResponse refused = Functions.invoke(functions.deviceAuthorization, Events.load("device-authorization")
                .form("client_id=" + CONFIDENTIAL + "&client_secret=wrong-client-secret-77&scope=openid").build());
        assertThat(refused.getStatusCode()).isEqualTo(401);
        secrets.add("wrong-client-secret-77");
        Map<String, Object> started = Functions.json(Functions.invoke(functions.deviceAuthorization,
                Events.load("device-authorization")
                        .form("client_id=" + CONFIDENTIAL + "&client_secret=" + CLIENT_SECRET + "&scope=openid").build()));
        String deviceCode = (String) started.get("device_code");
        secrets.add(deviceCode);
        secrets.add((String) started.get("user_code"));
        logins.approve((String) started.get("user_code"));
        String basic = Base64.getEncoder().encodeToString((CONFIDENTIAL + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        secrets.add(basic);
        functions.clock.advance(Duration.ofSeconds(30));
        Map<String, Object> tokens = Functions.json(Functions.invoke(functions.token, Events.load("token-poll")
                .form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code") + "&device_code=" + enc(deviceCode))
                .header("authorization", "Basic " + basic).build()));
        assertThat(tokens).containsKey("access_token");
        secrets.add((String) tokens.get("access_token"));
    }

    /** What the table holds that must never be logged: the private key, the session key, a password hash. */
    private List<String> storedSecrets() throws Exception {
        List<String> stored = new ArrayList<>();
        stored.add(privateKey().getD().toString());
        byte[] sessionKey = item(Keys.sessionKey(Keys.DEFAULT_ORG)).get("key").b().asByteArray();
        stored.add(Base64.getEncoder().encodeToString(sessionKey));
        stored.add(Base64.getUrlEncoder().withoutPadding().encodeToString(sessionKey));
        stored.add(HexFormat.of().formatHex(sessionKey));
        stored.add(HexFormat.of().withUpperCase().formatHex(sessionKey));
        stored.add(item(Keys.user(Keys.DEFAULT_ORG, "demo@example.com")).get("password_hash").s());
        return stored;
    }

    private ECKey privateKey() throws Exception {
        return (ECKey) JWKSet.parse(item(Keys.signingKeys(Keys.DEFAULT_ORG)).get("jwks").s()).getKeys().get(0);
    }

    private Map<String, AttributeValue> item(String pk) {
        Map<String, AttributeValue> item = TestDynamo.client().getItem(g -> g.tableName(functions.table)
                .key(Map.of(Keys.PK, AttributeValue.fromS(pk))).consistentRead(true)).item();
        assertThat(item).as(pk).isNotEmpty();
        return item;
    }

    private static List<Map<String, Object>> parse(String log) throws Exception {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : log.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Map<String, Object> json = JSONObjectUtils.parse(line);
            assertThat(json).containsKeys("time", "level", "logger", "message");
            lines.add(json);
        }
        return lines;
    }

    /** Notes which loggers were asked to log (or whether they may) below INFO; decides nothing. */
    private static final class Asked extends TurboFilter {

        private final Map<String, Level> lowest = new ConcurrentHashMap<>();

        Asked() {
            start();
        }

        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable t) {
            lowest.merge(logger.getName(), level, (a, b) -> a.toInt() <= b.toInt() ? a : b);
            return FilterReply.NEUTRAL;
        }

        Set<String> below(Level level) {
            Set<String> names = new java.util.TreeSet<>();
            lowest.forEach((name, lowestAsked) -> {
                if (lowestAsked.toInt() < level.toInt()) {
                    names.add(name);
                }
            });
            return names;
        }
    }
}
