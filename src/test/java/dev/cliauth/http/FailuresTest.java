package dev.cliauth.http;

import dev.cliauth.logging.JsonLogger;
import dev.cliauth.protocol.ApiFailures;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.verification.PageFailures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What each function's failure renderer shows the client and writes to the log. */
class FailuresTest {

    private static final String SECRET = "device-code-ZXCV-BNMQ";
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Request request = new Request("POST", "/oauth2/token", Map.of(), List.of(), "", "", "192.0.2.1", "", null);

    @BeforeEach
    void captureLog() {
        JsonLogger.sink(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        JsonLogger.sink(System.out);
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void apiWhenUnexpectedExceptionThen500ServerErrorAndLogWithoutMessage() {
        Response r = new ApiFailures().failed(request, new IllegalStateException("bad " + SECRET));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).contains("\"error\":\"server_error\"").doesNotContain(SECRET).doesNotContain("IllegalState");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json").containsEntry("Cache-Control", "no-store");
        assertThat(logged()).contains("java.lang.IllegalStateException").contains("FailuresTest").doesNotContain(SECRET);
    }

    @Test
    void apiWhenDynamoDbOrDependencyFailsThen503TemporarilyUnavailableWithRetryAfter() {
        for (RuntimeException e : List.of(SdkClientException.create("timeout " + SECRET),
                new DependencyFailure("DynamoDB call failed", SdkClientException.create(SECRET)))) {
            Response r = new ApiFailures().failed(request, e);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body()).contains("temporarily_unavailable").doesNotContain(SECRET);
            assertThat(r.headers()).containsEntry("Retry-After", "2");
        }
        assertThat(logged()).contains("dependency failure").doesNotContain(SECRET);
    }

    @Test
    void apiWhenOAuthErrorThenRenderedAsIs() {
        Response r = new ApiFailures().failed(request, OAuthError.invalidRequest("Missing device_code.").toException());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\":\"invalid_request\"").contains("Missing device_code.");
        assertThat(logged()).isEmpty();
    }

    @Test
    void apiWhenNoRouteThen404Or405WithAllow() {
        ApiFailures failures = new ApiFailures();
        assertThat(failures.noRoute(404, "").status()).isEqualTo(404);
        Response r = failures.noRoute(405, "GET, POST");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "GET, POST");
        assertThat(r.body()).contains("invalid_request");
        assertThat(failures.rejected(413, "The request body is too large.").body()).contains("too large");
    }

    @Test
    void pageWhenUnexpectedExceptionThen500PageWithSecurityHeadersAndLogWithoutMessage() {
        Response r = new PageFailures().failed(request, new NullPointerException(SECRET));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).startsWith("<!doctype html>").doesNotContain(SECRET).doesNotContain("NullPointer");
        assertThat(r.headers()).containsKeys("Content-Security-Policy", "X-Frame-Options")
                .containsEntry("Content-Type", "text/html; charset=utf-8");
        assertThat(logged()).contains("java.lang.NullPointerException").doesNotContain(SECRET);
    }

    @Test
    void pageWhenDynamoDbFailsThen503RetryPage() {
        Response r = new PageFailures().failed(request, SdkClientException.create(SECRET));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).containsEntry("Retry-After", "2");
        assertThat(r.body()).contains("<html").doesNotContain(SECRET);
    }

    @Test
    void pageWhenRejectedOrNoRouteThenPagesNotJson() {
        PageFailures failures = new PageFailures();
        assertThat(failures.rejected(413, "The request body is too large.").body()).contains("<html").contains("too large");
        assertThat(failures.noRoute(404, "").body()).contains("Page not found");
        assertThat(failures.noRoute(405, "GET").headers()).containsEntry("Allow", "GET");
    }
}
