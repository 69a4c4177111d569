package dev.cliauth.bench;

import dev.cliauth.local.LocalDynamo;
import dev.cliauth.local.LocalMain;
import dev.cliauth.testing.Functions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Local mode as a user starts it ({@code mvn -q test-compile exec:exec}: {@link LocalMain} in its
 * own JVM with {@link #FLAGS}, cliauth's DynamoDB engine in-process in that JVM), on a free
 * loopback port.
 */
final class LocalMode implements AutoCloseable {

    /**
     * The JVM flags {@code exec:exec} gives local mode (pom.xml): none, so the JVM's default JIT, C2
     * after C1, as suits a long-running server (Lambda's functions run C1 only, {@link ChildJvm#LAMBDA_FLAGS}).
     */
    static final List<String> FLAGS = List.of();

    private final Server server;
    private final Process process;
    private final String base;

    private LocalMode(Process process, String base) {
        this.server = new Server(process, Duration.ofSeconds(15));
        this.process = process;
        this.base = base;
    }

    static LocalMode start(Path log) {
        return start(log, FLAGS);
    }

    /** As {@link #start(Path)}, with other JVM flags (the benchmark's diagnostics). */
    static LocalMode start(Path log, List<String> flags) {
        int port = LocalDynamo.freePort();
        try {
            Files.createDirectories(log.getParent());
            Process p = ChildJvm.builder(flags, ChildJvm.classpath(), LocalMain.class.getName(), List.of(),
                    // The load comes from one address: the per-source limit on new logins is lifted.
                    Map.of("PORT", Integer.toString(port), Functions.MANY_LOGINS_ENV, Functions.LIFTED),
                    log).start();
            LocalMode mode = new LocalMode(p, "http://127.0.0.1:" + port);
            mode.awaitReady(Duration.ofSeconds(90));
            return mode;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String base() {
        return base;
    }

    private void awaitReady(Duration limit) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("local mode exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("local mode not ready after " + limit.toSeconds() + " s");
    }

    @Override
    public void close() {
        server.close();
    }
}
