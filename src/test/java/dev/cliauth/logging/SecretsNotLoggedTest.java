package dev.cliauth.logging;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures every log line of a whole login, including failures, and checks that no secret of it
 * is there: device code, user code, tokens, passwords, cookies, CSRF values, signed references.
 */
class SecretsNotLoggedTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private Functions functions;

    @BeforeEach
    void capture() {
        JsonLogger.sink(new PrintStream(captured, true, StandardCharsets.UTF_8));
        functions = Functions.start();
    }

    @AfterEach
    void restore() {
        functions.close();
        JsonLogger.sink(System.out);
    }

    @Test
    void wholeFlowLogsNoSecretAndEveryLineIsJsonWithRequestId() throws Exception {
        Logins logins = new Logins(functions);
        List<String> secrets = new ArrayList<>();
        var started = logins.start();
        secrets.add(started.deviceCode());
        secrets.add(started.userCode());
        secrets.add(started.userCode().replace("-", ""));
        logins.poll(started.deviceCode());
        logins.poll(started.deviceCode());   // slow_down
        logins.tokenRequest("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=demo-cli"
                + "&device_code=" + started.deviceCode() + "&client_secret=hunter2-secret");
        secrets.add("hunter2-secret");

        EventBrowser browser = new EventBrowser(functions.verification);
        browser.signInWithCode(started.userCode(), "demo@example.com", "wrong-password-xyz");
        secrets.add("wrong-password-xyz");
        var confirm = browser.signInWithCode(started.userCode(), "demo@example.com", "demo-password");
        secrets.add("demo-password");
        secrets.add(browser.csrf());
        secrets.add(browser.field("sig"));
        secrets.addAll(browser.cookies().values());
        assertThat(confirm.getStatusCode()).isEqualTo(200);
        browser.decide("approve");

        functions.clock.advance(Duration.ofSeconds(30));
        Map<String, Object> tokens = Functions.json(logins.poll(started.deviceCode()));
        secrets.add((String) tokens.get("access_token"));
        secrets.add((String) tokens.get("id_token"));
        functions.clock.advance(Duration.ofSeconds(30));
        logins.poll(started.deviceCode());   // replay
        Functions.invoke(functions.token, Events.load("token-poll").rawBody("@@not base64@@", true).build());

        String log = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("the capture sees the access lines").hasSizeGreaterThan(10);
        for (String line : lines) {
            Map<String, Object> json = JSONObjectUtils.parse(line);
            assertThat(json).containsKeys("time", "level", "logger", "message");
            if ("cliauth.access".equals(json.get("logger"))) {
                assertThat(json).containsKey("request_id");
            }
        }
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(log).as("log must not contain a secret").doesNotContain(secret);
        }
        assertThat(log).doesNotContain(enc(started.deviceCode())).doesNotContain("password=");
    }
}
