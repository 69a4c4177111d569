package dev.cliauth.bench;

import dev.cliauth.local.SamTemplate;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.TestDynamo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn -q test-compile exec:exec@bench}: measures every endpoint against its floor (README
 * "Benchmark") and writes {@code target/bench/results.json}, {@code target/bench/results.md} and the
 * Markdown table on standard output; everything else goes to standard error and
 * {@code target/bench/*.log}.
 *
 * <p>One cliauth DynamoDB engine runs in this JVM for the whole run: the handlers in this JVM (DynamoDB
 * calls, capacity) reach it in-process, the child JVMs over HTTP on 127.0.0.1. In order: DynamoDB
 * calls and capacity, warm latency and signing (child JVMs with Lambda's flags), cold starts (a
 * child JVM per run), the first request after a SnapStart-style init, primed and not (a child JVM per
 * run), cold starts without SnapStart with and without AppCDS (a child JVM per run), throughput of
 * local mode (its own JVM with its own in-process engine, driven over HTTP), and local mode beside
 * node-oidc-provider (both over HTTP, same clients). Each floor uses the client of the handler it is
 * compared with, so the same transport.
 * Argument ({@code -Dbench.profile=...}): {@code full} (default), {@code smoke}, or, for working on one
 * part, {@code cold} (only the cold starts, into {@code target/bench/cold-start.json}), {@code first}
 * (only the first requests after init, into {@code first-request.json}) or {@code peer} (only local
 * mode beside the peer, into {@code peer.json}).
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream stdout = System.out;
        System.setOut(System.err);   // the handlers print; standard output is the table's
        String profile = args.length > 0 ? args[0] : "full";
        Path dir = SamTemplate.locate().getParent().resolve("target").resolve("bench");
        String report;
        try {
            if ("cold".equals(profile)) {
                report = coldOnly(Settings.full(), dir);
            } else if ("first".equals(profile)) {
                report = firstOnly(Settings.full(), dir);
            } else if ("peer".equals(profile)) {
                report = peerOnly(Settings.full(), dir);
            } else {
                run(Settings.named(profile), dir);
                report = Files.readString(dir.resolve("results.md"));
            }
        } catch (Throwable t) {
            // the engine's HTTP threads and child reapers must not keep the JVM alive: report and end.
            t.printStackTrace();
            System.exit(1);
            return;
        }
        stdout.print(report);
        stdout.flush();
        System.exit(0);
    }

    /** Runs every measurement with {@code settings}; writes results.json and results.md into {@code dir}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> run(Settings settings, Path dir) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        for (String log : List.of("warm-latency.log", "cold-start.log", "signing.log", "local-mode.log", "first-request.log",
                "local-mode-peer.log", "peer.log", "peer-install.log", "poll-breakdown.log")) {
            Files.deleteIfExists(dir.resolve(log));
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        results.put("settings", settings.describe());
        String endpoint = TestDynamo.endpoint();

        CallCounter counter = new CallCounter();
        CapacityMeter meter = new CapacityMeter(TestDynamo.client(), TestDynamo.template());
        try (Functions functions = Functions.start(Map.of("cliauth.client.cache-ttl", "1h"), counter, meter)) {
            progress(start, "DynamoDB calls per endpoint");
            results.putAll(new CallCounts(functions, counter).measure());

            progress(start, "capacity of one complete login");
            Capacity meteredLogin = new Capacity(functions, meter);
            Map<String, Object> capacity = meteredLogin.measure(settings.pendingPollsPerLogin());
            results.put("capacity", capacity);
            int requests = ((List<?>) capacity.get("steps")).size();
            double rru = ((Number) capacity.get("read_request_units_per_login")).doubleValue();
            Map<String, Object> cost = Prices.cost(((Number) capacity.get("write_request_units_per_login")).doubleValue(),
                    rru, requests);
            results.put("cost", cost);
            Map<String, Object> withRefresh = meteredLogin.refresh();
            results.put("capacity_with_refresh", withRefresh);
            results.put("cost_with_refresh", Prices.cost(
                    ((Number) withRefresh.get("login_and_one_refresh_write_request_units")).doubleValue(),
                    ((Number) withRefresh.get("login_and_one_refresh_read_request_units")).doubleValue(), requests + 1));

            progress(start, "warm latency against the floor (child JVM, Lambda flags)");
            Map<String, Object> latency = WarmLatency.measure(settings, endpoint, seededTable(), dir);
            markFloors(latency, results);

            System.gc();   // a quiet parent: only the DynamoDB engine runs while children measure
            progress(start, "ES256 signing (child JVMs)");
            results.put("signing", Signing.measure(settings, dir, endpoints(latency)));
            endpoints(latency).remove("mint");
            results.put("latency", endpoints(latency));
            results.put("latency_jvm_flags", latency.get("jvm_flags"));

            System.gc();
            progress(start, "first request after init, primed and not (" + settings.firstRuns()
                    + " fresh JVMs per handler and mode)");
            results.put("first_request", new FirstRequest(functions, endpoint, dir).measure(settings));

            System.gc();
            progress(start, "cold starts (" + settings.coldRuns() + " fresh JVMs per handler, baseline and layout)");
            results.put("cold_start", new ColdStart(functions, endpoint, dir).measure(settings.coldRuns(), settings.coldWarmupRun()));
        }

        progress(start, "throughput of local mode over HTTP");
        results.put("throughput", Throughput.measure(settings, dir));

        progress(start, "local mode beside node-oidc-provider over HTTP");
        results.put("peer_comparison", PeerComparison.measure(settings, dir));

        List<Map<String, Object>> goals = Goals.evaluate(results);
        results.put("goals", goals);
        results.put("goals_met", goals.stream().allMatch(g -> Boolean.TRUE.equals(g.get("met"))));
        results.put("wall_time_s", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        ((Map<String, Object>) results.get("machine")).put("loadavg_at_end", Machine.loadAverage());
        Files.writeString(dir.resolve("results.json"), Json.write(results), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.md"), Report.markdown(results), StandardCharsets.UTF_8);
        progress(start, "done: " + dir.resolve("results.json"));
        return results;
    }

    /** Only the cold starts of the full profile; returns their JSON, also written to cold-start.json. */
    static String coldOnly(Settings settings, Path dir) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("cold-start.log"));
        String endpoint = TestDynamo.endpoint();
        try (Functions functions = Functions.start(Map.of(), new CallCounter(), new CapacityMeter(TestDynamo.client(), TestDynamo.template()))) {
            progress(start, "cold starts (" + settings.coldRuns() + " fresh JVMs per handler and baseline)");
            String json = Json.write(new ColdStart(functions, endpoint, dir).measure(settings.coldRuns(),
                    settings.coldWarmupRun())) + "\n";
            Files.writeString(dir.resolve("cold-start.json"), json, StandardCharsets.UTF_8);
            progress(start, "done: " + dir.resolve("cold-start.json"));
            return json;
        }
    }

    /** Only the first requests after init of the full profile; returns their JSON, also written to first-request.json. */
    static String firstOnly(Settings settings, Path dir) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("first-request.log"));
        String endpoint = TestDynamo.endpoint();
        try (Functions functions = Functions.start(Map.of(), new CallCounter(), new CapacityMeter(TestDynamo.client(), TestDynamo.template()))) {
            progress(start, "first request after init (" + settings.firstRuns() + " fresh JVMs per handler and mode)");
            String json = Json.write(new FirstRequest(functions, endpoint, dir).measure(settings)) + "\n";
            Files.writeString(dir.resolve("first-request.json"), json, StandardCharsets.UTF_8);
            progress(start, "done: " + dir.resolve("first-request.json"));
            return json;
        }
    }

    /** Only local mode beside the peer, as in the full profile; returns their JSON, also written to peer.json. */
    static String peerOnly(Settings settings, Path dir) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        progress(start, "local mode beside node-oidc-provider over HTTP");
        String json = Json.write(PeerComparison.measure(settings, dir)) + "\n";
        Files.writeString(dir.resolve("peer.json"), json, StandardCharsets.UTF_8);
        progress(start, "done: " + dir.resolve("peer.json"));
        return json;
    }

    /** A fresh table shaped by template.yaml with the demo client and account. */
    private static String seededTable() {
        String table = TestDynamo.newTable();
        new Seed(TestDynamo.client(), table).demo();
        return table;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> endpoints(Map<String, Object> latency) {
        return (Map<String, Object>) latency.get("endpoints");
    }

    /** Records, per endpoint, whether the floor made the same operations the handler made in CallCounts. */
    @SuppressWarnings("unchecked")
    private static void markFloors(Map<String, Object> latency, Map<String, Object> results) {
        Map<String, Object> detail = (Map<String, Object>) results.get("calls_detail");
        endpoints(latency).forEach((endpoint, value) -> {
            Map<String, Object> l = (Map<String, Object>) value;
            Map<String, Object> d = (Map<String, Object>) detail.get(endpoint);
            if (d != null) {
                l.put("floor_matches_handler_calls", d.get("operations").equals(l.get("floor_operations")));
            }
        });
    }

    private static void progress(long start, String what) {
        System.err.printf("[bench %5.0f s] %s%n", (System.nanoTime() - start) / 1e9, what);
    }
}
