package dev.cliauth.logging;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where the JSON log lines go: standard output (CloudWatch Logs keeps each line as an event), or a
 * stream a test captures them in. Logback's appender writes through {@link #stream()}, which looks
 * up the target at every write, so a {@code System.setOut} by the Lambda runtime is followed too.
 */
public final class JsonLogger {

    /** The test's capture, or null for standard output. */
    private static volatile PrintStream sink;

    private JsonLogger() {
    }

    /** Sends every following line to {@code out}; {@code System.out} restores standard output. */
    public static void sink(PrintStream out) {
        sink = out == System.out ? null : out;
    }

    /** The stream the appender writes to. */
    static OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                target().write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                target().write(bytes, offset, length);
            }

            @Override
            public void flush() {
                target().flush();
            }
        };
    }

    private static PrintStream target() {
        PrintStream out = sink;
        return out != null ? out : System.out;
    }
}
