package dev.cliauth.bench;

import dev.cliauth.local.LocalDynamo;
import dev.cliauth.local.SamTemplate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's peer: node-oidc-provider with the device flow on and its state in memory
 * ({@code src/bench/peer/peer.mjs}), installed with npm into {@code target/bench-peer} (once; again
 * when {@code package.json} changes) and started on a free loopback port.
 */
public final class Peer implements AutoCloseable {

    /** The peer's one public client, allowed the device-code grant. */
    static final String CLIENT_ID = "bench-cli";

    /** Why the peer cannot run here, or what runs. */
    public record Availability(boolean available, String reason, String node, String oidcProvider) {
    }

    private final Server server;
    private final String base;

    private Peer(Process process, String base) {
        this.server = new Server(process, Duration.ofSeconds(10));
        this.base = base;
    }

    /**
     * Installs the peer into {@code target/bench-peer} unless the installed copy matches
     * {@code src/bench/peer/package.json}; says why not when node or npm is missing or the install fails.
     * The company sign-in tests run their OpenID provider from there too (the same oidc-provider).
     */
    public static Availability install(Path log) {
        Path root = SamTemplate.locate().getParent();
        Path source = root.resolve("src").resolve("bench").resolve("peer");
        Path target = root.resolve("target").resolve("bench-peer");
        String node = version(List.of("node", "--version"));
        if (node == null) {
            return new Availability(false, "node is not installed (the peer is node-oidc-provider)", null, null);
        }
        String npm = version(List.of("npm", "--version"));
        if (npm == null) {
            return new Availability(false, "npm is not installed (it installs node-oidc-provider for the peer)", node, null);
        }
        try {
            Files.createDirectories(target);
            String wanted = Files.readString(source.resolve("package.json"), StandardCharsets.UTF_8);
            Path installed = target.resolve("package.json");
            Path provider = target.resolve("node_modules").resolve("oidc-provider").resolve("package.json");
            boolean current = Files.exists(installed) && Files.exists(provider)
                    && Files.readString(installed, StandardCharsets.UTF_8).equals(wanted);
            Files.copy(source.resolve("peer.mjs"), target.resolve("peer.mjs"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (!current) {
                Files.writeString(installed, wanted, StandardCharsets.UTF_8);
                // No lock file: the version is pinned in package.json, and nothing of the install is committed.
                ProcessBuilder pb = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-package-lock",
                        "--loglevel=error").directory(target.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                Process p = pb.start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    Files.deleteIfExists(installed);
                    return new Availability(false, "npm install did not finish in 300 s; see " + log, node, null);
                }
                if (p.exitValue() != 0 || !Files.exists(provider)) {
                    Files.deleteIfExists(installed);
                    return new Availability(false, "npm install failed (exit " + p.exitValue() + "); see " + log, node, null);
                }
            }
            Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(provider, StandardCharsets.UTF_8));
            return new Availability(true, null, node, m.find() ? m.group(1) : "unknown");
        } catch (IOException e) {
            return new Availability(false, "installing the peer failed: " + e, node, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the installed peer on a free loopback port; waits until it listens. */
    static Peer start(Path log) {
        Path target = SamTemplate.locate().getParent().resolve("target").resolve("bench-peer");
        int port = LocalDynamo.freePort();
        try {
            Process p = new ProcessBuilder("node", "peer.mjs", Integer.toString(port)).directory(target.toFile())
                    .redirectErrorStream(true).start();
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(p, log, ready), "peer-output");
            pump.setDaemon(true);
            pump.start();
            String base;
            try {
                base = ready.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                p.destroyForcibly();
                throw new IllegalStateException("the peer did not start in 30 s; see " + log, e);
            }
            return new Peer(p, base);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the peer's output to {@code log}; completes {@code ready} with its base URL. */
    private static void pump(Process p, Path log, CompletableFuture<String> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                if (line.startsWith("PEER-READY ")) {
                    ready.complete(line.substring("PEER-READY ".length()).trim());
                }
            }
        } catch (IOException e) {
            // the peer ended
        }
        ready.completeExceptionally(new IllegalStateException("the peer exited"));
    }

    String base() {
        return base;
    }

    @Override
    public void close() {
        server.close();
    }

    /** The first line a command prints, or {@code null} when it cannot run. */
    private static String version(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out.lines().findFirst().orElse("");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
