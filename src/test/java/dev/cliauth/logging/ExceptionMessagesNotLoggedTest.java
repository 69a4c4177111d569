package dev.cliauth.logging;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exception's message can quote the request (a code, a header, a form value): whoever logs
 * it, cliauth or a library, the line carries the exception's class and frames, never its message.
 */
class ExceptionMessagesNotLoggedTest {

    private static final String SECRET = "device_code=Kq3vX9-secret-77Jd";
    private static final String CAUSE_SECRET = "Authorization: Basic Y2k6c2VjcmV0";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        JsonLogger.sink(new PrintStream(captured, true, StandardCharsets.UTF_8));
        MDC.put("request_id", "req-1");
    }

    @AfterEach
    void restore() {
        MDC.remove("request_id");
        JsonLogger.sink(System.out);
    }

    @Test
    void throwableIsLoggedAsClassAndFramesOfEveryCauseWithoutMessages() throws Exception {
        LoggerFactory.getLogger("dev.cliauth.grant.GrantRepository").error("redemption failed", failure());

        Map<String, Object> line = onlyLine();
        assertThat(line).containsEntry("level", "ERROR").containsEntry("logger", "dev.cliauth.grant.GrantRepository")
                .containsEntry("request_id", "req-1").containsEntry("message", "redemption failed")
                .containsEntry("error", "java.lang.IllegalStateException");
        assertThat((String) line.get("stack")).startsWith("java.lang.IllegalStateException at ")
                .contains(ExceptionMessagesNotLoggedTest.class.getName() + ".failure")
                .contains("caused by java.io.UncheckedIOException").contains("caused by java.io.IOException");
        assertNoSecret();
    }

    @Test
    void libraryQuotingTheMessageInItsTextGetsTheQuoteReplaced() throws Exception {
        Logger library = LoggerFactory.getLogger("io.micronaut.http.server.RouteExecutor");
        RuntimeException failure = failure();
        library.error("Unexpected error occurred: {}", failure.getMessage(), failure);
        library.error("Unexpected error occurred: " + failure.getCause().getCause().getMessage(), failure);
        library.warn("Failed to decode: " + failure, failure);

        for (String message : List.of("Unexpected error occurred: " + JsonLineEncoder.OMITTED,
                "Failed to decode: java.lang.IllegalStateException: " + JsonLineEncoder.OMITTED)) {
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains(message);
        }
        assertNoSecret();
    }

    @Test
    void throwableAmongTheArgumentsIsWrittenAsItsClass() throws Exception {
        LoggerFactory.getLogger("dev.cliauth.store.Dynamo").warn("call {} failed with {} after {} attempts",
                "GetItem", failure(), 3);

        assertThat(onlyLine()).containsEntry("message",
                "call GetItem failed with java.lang.IllegalStateException after 3 attempts").doesNotContainKey("error");
        assertNoSecret();
    }

    @Test
    void lineStaysOneJsonObjectWhateverTheMessageHolds() throws Exception {
        String awkward = "a \"quoted\"\\ line\nsecond\r\tline \u0000\u001b[0m \u2028end";
        LoggerFactory.getLogger("dev.cliauth.probe").info("{}", awkward);

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).endsWith("}\n").doesNotContain("\u2028").doesNotContain("\r");
        assertThat(log.indexOf('\n')).isEqualTo(log.length() - 1);
        assertThat(onlyLine()).containsEntry("message", awkward);
    }

    private static RuntimeException failure() {
        return new IllegalStateException("lookup of " + SECRET,
                new UncheckedIOException("read " + SECRET, new IOException(CAUSE_SECRET)));
    }

    private Map<String, Object> onlyLine() throws Exception {
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        return JSONObjectUtils.parse(lines.get(0));
    }

    private void assertNoSecret() {
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Kq3vX9").doesNotContain("Y2k6c2VjcmV0")
                .doesNotContain("lookup of").doesNotContain("read device_code");
    }
}
