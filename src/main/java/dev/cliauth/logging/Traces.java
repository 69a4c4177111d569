package dev.cliauth.logging;

/**
 * A stack trace for the log without exception messages: a message may quote the request (a code,
 * a header, a form value), the classes and frames never do.
 */
public final class Traces {

    private static final int FRAMES = 8;

    private Traces() {
    }

    /** {@code Type at frame, frame, ...; caused by Type at ...}: at most eight frames per cause. */
    public static String withoutMessages(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 5; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (depth > 0) {
                out.append("; caused by ");
            }
            out.append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                out.append(i == 0 ? " at " : ", ").append(frames[i].getClassName()).append('.')
                        .append(frames[i].getMethodName()).append(':').append(frames[i].getLineNumber());
            }
        }
        return out.toString();
    }
}
