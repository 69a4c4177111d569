package dev.cliauth.bench;

import dev.cliauth.local.SamTemplate;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM on this machine's java binary and the test classpath, with the flags Lambda's Java
 * runtime uses ({@code template.yaml}'s {@code JAVA_TOOL_OPTIONS}). A child reports one line
 * {@code BENCH-RESULT {json}} on standard output.
 */
final class ChildJvm {

    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    static final String RESULT = "BENCH-RESULT ";

    private ChildJvm() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test classpath; surefire keeps it in its own property when it boots from a manifest jar. */
    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * What Lambda loads: {@code target/classes} and the runtime-scope jars, as {@code sam build}
     * packages them ({@code target/lambda-classpath.txt}, written by the build), then
     * {@code target/test-classes} for the child's own main class, which Lambda would not have.
     * No test library is on it, so neither the handler nor the baseline pays for scanning them.
     */
    static String lambdaClasspath() {
        Path target = SamTemplate.locate().getParent().resolve("target");
        Path jars = target.resolve("lambda-classpath.txt");
        try {
            return String.join(File.pathSeparator, target.resolve("classes").toString(),
                    Files.readString(jars, StandardCharsets.UTF_8).trim(), target.resolve("test-classes").toString());
        } catch (IOException e) {
            throw new IllegalStateException(jars + " is missing: run the benchmark through Maven (test-compile writes it)", e);
        }
    }

    static ProcessBuilder builder(String mainClass, List<String> args, Map<String, String> env, Path log) {
        return builder(LAMBDA_FLAGS, classpath(), mainClass, args, env, log);
    }

    static ProcessBuilder builder(List<String> flags, String classpath, String mainClass, List<String> args,
                                  Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(flags);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        // The children see only the settings given here, not CLIAUTH_* or JVM options of the caller.
        pb.environment().keySet().removeIf(k -> k.startsWith("CLIAUTH_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.equals("PORT") || k.equals("DYNAMODB_PORT"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb;
    }

    /**
     * Runs {@code mainClass} to completion (at most {@code timeoutSeconds}) and returns its result.
     * {@code args} may contain {@code {spawn}}, replaced by {@link System#nanoTime()} taken just before
     * the process starts.
     */
    static Map<String, Object> run(String mainClass, List<String> args, Map<String, String> env, Path log,
                                   int timeoutSeconds) {
        return run(LAMBDA_FLAGS, classpath(), mainClass, args, env, log, timeoutSeconds);
    }

    /** As {@link #run(String, List, Map, Path, int)}, with other JVM flags than Lambda's. */
    static Map<String, Object> run(List<String> flags, String mainClass, List<String> args, Map<String, String> env,
                                   Path log, int timeoutSeconds) {
        return run(flags, classpath(), mainClass, args, env, log, timeoutSeconds);
    }

    /** As {@link #run(String, List, Map, Path, int)}, with other JVM flags and classpath. */
    static Map<String, Object> run(List<String> flags, String classpath, String mainClass, List<String> args,
                                   Map<String, String> env, Path log, int timeoutSeconds) {
        try {
            Files.createDirectories(log.getParent());
            long before = Files.exists(log) ? Files.size(log) : 0;
            List<String> real = new ArrayList<>(args);
            int spawnIndex = real.indexOf("{spawn}");
            ProcessBuilder pb = builder(flags, classpath, mainClass, real, env, log);
            long spawn = System.nanoTime();
            if (spawnIndex >= 0) {
                pb.command().set(pb.command().size() - real.size() + spawnIndex, Long.toString(spawn));
            }
            Process p = pb.start();
            Thread reaper = new Thread(p::destroyForcibly);   // Ctrl+C on the benchmark ends the child too
            Runtime.getRuntime().addShutdownHook(reaper);
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(mainClass + " did not finish in " + timeoutSeconds + " s; see " + log);
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(reaper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or will run
                }
            }
            String output = tail(log, before);
            for (String line : output.split("\n")) {
                if (line.startsWith(RESULT)) {
                    return Json.parse(line.substring(RESULT.length()));
                }
            }
            throw new IllegalStateException(mainClass + " exited " + p.exitValue() + " without a result; see " + log
                    + "\n" + output.substring(Math.max(0, output.length() - 3000)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
    }

    /** Prints a child's result line. */
    static void report(Map<String, Object> result) {
        System.out.println(RESULT + Json.write(result).replace("\n", " "));
        System.out.flush();
    }
}
