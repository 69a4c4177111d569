package dev.cliauth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code CLIAUTH_LOG_LEVEL} in a fresh JVM on the Lambda artifact's classpath (as a function
 * starts): the threshold applies to cliauth's loggers, library loggers stay at their floors, a
 * bad value falls back to INFO without failing, and standard output holds JSON lines only.
 */
class LogConfiguratorTest {

    @Test
    void thresholdNamesLevelsCaseInsensitivelyAndDefaultsToInfo() {
        assertThat(LogConfigurator.threshold(null)).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.threshold(" ")).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.threshold("trace")).isEqualTo(Level.TRACE);
        assertThat(LogConfigurator.threshold(" Debug ")).isEqualTo(Level.DEBUG);
        assertThat(LogConfigurator.threshold("WARN")).isEqualTo(Level.WARN);
        assertThat(LogConfigurator.threshold("off")).isEqualTo(Level.OFF);
        assertThat(LogConfigurator.threshold("loud")).isNull();
        assertThat(LogConfigurator.threshold("ALL")).isNull();
        assertThat(LogConfigurator.threshold("10")).isNull();
    }

    @Test
    void traceEnablesCliauthTraceButNoLibraryLineBelowItsFloor() throws Exception {
        List<Map<String, Object>> all = probe("TRACE");

        assertThat(all.get(0)).containsEntry("level", "DEBUG").containsEntry("logger", LogConfigurator.class.getName());
        List<Map<String, Object>> lines = all.subList(1, all.size());
        assertThat(messages(lines)).containsExactly("own trace", "own debug", "own info", "sdk warn", "http error",
                "library info");
        assertThat(lines).allSatisfy(line -> assertThat(line).containsEntry("request_id", "probe-request"));
        Map<String, Object> error = lines.get(4);
        assertThat(error).containsEntry("error", "java.lang.IllegalStateException");
        assertThat((String) error.get("stack")).contains("dev.cliauth.logging.LogProbe.main");
        assertThat(String.valueOf(lines)).doesNotContain("request body");
    }

    @Test
    void unsetLevelIsInfo() throws Exception {
        assertThat(messages(probe(null))).containsExactly("own info", "sdk warn", "http error", "library info");
    }

    @Test
    void invalidLevelLogsAtInfoWithAWarningInsteadOfFailing() throws Exception {
        List<Map<String, Object>> lines = probe("loud");

        assertThat(lines.get(0)).containsEntry("level", "WARN").containsEntry("logger", LogConfigurator.class.getName());
        assertThat((String) lines.get(0).get("message")).startsWith("CLIAUTH_LOG_LEVEL is not one of");
        assertThat(messages(lines.subList(1, lines.size()))).containsExactly("own info", "sdk warn", "http error",
                "library info");
    }

    @Test
    void errorHidesInfo() throws Exception {
        assertThat(messages(probe("error"))).containsExactly("http error");
    }

    @Test
    void logbackOwnErrorIsAJsonLineWithoutTheExceptionMessage() throws Exception {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        JsonLogger.sink(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logback.getStatusManager().add(new ErrorStatus("appender cannot write", this,
                    new IOException("disk of user@example.com is full")));
            logback.getStatusManager().add(new InfoStatus("appender started", this));
        } finally {
            JsonLogger.sink(System.out);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.lines()).hasSize(1);
        Map<String, Object> line = JSONObjectUtils.parse(log.trim());
        assertThat(line).containsEntry("level", "ERROR").containsEntry("logger", "ch.qos.logback")
                .containsEntry("message", "appender cannot write").containsEntry("error", "java.io.IOException");
        assertThat(log).doesNotContain("example.com");
    }

    /** Runs {@link LogProbe} with {@code CLIAUTH_LOG_LEVEL=level} (unset when null); every stdout line parsed. */
    private static List<Map<String, Object>> probe(String level) throws Exception {
        Path target = Path.of("target");
        String classpath = String.join(File.pathSeparator, target.resolve("classes").toString(),
                Files.readString(target.resolve("lambda-classpath.txt"), StandardCharsets.UTF_8).trim(),
                target.resolve("test-classes").toString());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, LogProbe.class.getName());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove(LogConfigurator.VARIABLE);
        if (level != null) {
            pb.environment().put(LogConfigurator.VARIABLE, level);
        }
        Process process = pb.start();
        byte[] stderr = process.getErrorStream().readAllBytes();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit; stderr: %s", new String(stderr, StandardCharsets.UTF_8)).isZero();
        assertThat(stderr).as("nothing on stderr").isEmpty();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(JSONObjectUtils.parse(line));
            }
        }
        return lines;
    }

    private static List<Object> messages(List<Map<String, Object>> lines) {
        return lines.stream().map(line -> line.get("message")).toList();
    }
}
