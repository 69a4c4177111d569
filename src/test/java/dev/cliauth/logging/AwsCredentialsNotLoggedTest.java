package dev.cliauth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * In Lambda the DynamoDB client signs with temporary credentials, and the SDK's SigV4 signer logs
 * the canonical request, session token included, at DEBUG: at TRACE the log has none of it.
 */
class AwsCredentialsNotLoggedTest {

    private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE-session-token";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();

    @BeforeEach
    void traceIntoCapture() {
        JsonLogger.sink(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogConfigurator.apply(logback, Level.TRACE);
    }

    @AfterEach
    void restore() {
        Level configured = LogConfigurator.threshold(System.getenv(LogConfigurator.VARIABLE));
        LogConfigurator.apply(logback, configured == null ? Level.INFO : configured);
        JsonLogger.sink(System.out);
    }

    @Test
    void signedCallAtTraceLogsNoCredential() {
        signOneCall();

        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(SESSION_TOKEN)
                .doesNotContain("AKIAEXAMPLEPROBE").doesNotContain("example-secret-access-key")
                .doesNotContain("Signature=").doesNotContain("Canonical Request");
    }

    /** The control: without {@link LevelCaps} the same call prints the session token. */
    @Test
    void withoutTheCapsTheSignerPrintsTheSessionToken() {
        logback.getTurboFilterList().removeIf(filter -> filter instanceof LevelCaps);

        signOneCall();

        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(SESSION_TOKEN);
    }

    /** One signed DynamoDB call to a closed port on this machine: signed, logged, refused. */
    private static void signOneCall() {
        try (DynamoDbClient client = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        "AKIAEXAMPLEPROBE", "example-secret-access-key", SESSION_TOKEN)))
                .build()) {
            assertThatThrownBy(client::listTables).isInstanceOf(RuntimeException.class);
        }
    }
}
