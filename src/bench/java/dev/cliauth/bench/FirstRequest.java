package dev.cliauth.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first request after a SnapStart-style init, per handler, with and without priming: what a
 * SnapStart user pays on the first request of a restored instance, restore itself excluded. Each
 * run is a fresh JVM ({@link FirstRequestMain}, Lambda's flags, the Lambda artifact's classpath)
 * that also measures the warm p50 of the same request, so every first request is a ratio to the
 * warm latency of its own JVM. Primed and unprimed runs alternate; medians of the runs.
 */
final class FirstRequest {

    static final List<String> HANDLERS = List.of("device_authorization", "token", "verification", "portal");

    /** The request each handler is measured with. */
    static final Map<String, String> REQUESTS = Map.of(
            "device_authorization", "POST /oauth2/device_authorization (success)",
            "token", "POST /oauth2/token, a pending poll on time (authorization_pending)",
            "verification", "GET /device?user_code=... without cookies (code-entry page)",
            "portal", "GET /portal/applications without cookies (the portal's sign-in form)");

    private final Functions functions;
    private final Logins logins;
    private final Map<String, String> env;
    private final Path dir;

    FirstRequest(Functions functions, String endpoint, Path dir) {
        this.functions = functions;
        this.logins = new Logins(functions);
        // Every child starts logins from the one address of the events: the per-source limit is lifted.
        this.env = Map.of("CLIAUTH_TABLE", functions.table, "CLIAUTH_DYNAMODB_ENDPOINT", endpoint,
                "AWS_REGION", "us-east-1", Functions.MANY_LOGINS_ENV, Functions.LIFTED);
        this.dir = dir;
    }

    Map<String, Object> measure(Settings settings) {
        int warmup = settings.firstWarmup();
        int recorded = settings.firstRecorded();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvm_flags", ChildJvm.LAMBDA_FLAGS);
        out.put("classpath", "target/classes + runtime-scope jars (the Lambda artifact) + target/test-classes (the child's main)");
        out.put("method", "fresh JVM per run: handler built by its no-arg constructor (init), then primed (beforeCheckpoint,"
                + " afterRestore) or not, System.gc(), one request timed (wall and thread CPU), then " + warmup
                + " warm-up and " + recorded + " recorded requests of the same kind in the same JVM for its warm p50;"
                + " primed and unprimed runs alternate; medians of the runs, ratios the median of each run's ratio");
        out.put("runs_per_mode", settings.firstRuns());
        out.put("diagnostic_runs_per_mode", settings.firstDiagnosticRuns());
        out.put("repeated_primings", settings.firstRepeatedPrimings());
        prepareTable();
        for (String handler : HANDLERS) {
            List<Map<String, Object>> primed = new ArrayList<>();
            List<Map<String, Object>> unprimed = new ArrayList<>();
            for (int i = 0; i < settings.firstRuns(); i++) {
                if (i % 2 == 0) {
                    primed.add(run(handler, "primed", warmup, recorded, false));
                    unprimed.add(run(handler, "unprimed", warmup, recorded, false));
                } else {
                    unprimed.add(run(handler, "unprimed", warmup, recorded, false));
                    primed.add(run(handler, "primed", warmup, recorded, false));
                }
            }
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("request", REQUESTS.get(handler));
            Map<String, Object> p = summary(primed);
            p.put("first_request_classes_by_origin", origins(run(handler, "primed", 0, 1, true)));
            Map<String, Object> u = summary(unprimed);
            u.put("first_request_classes_by_origin", origins(run(handler, "unprimed", 0, 1, true)));
            h.put("primed", p);
            h.put("unprimed", u);
            h.put("primed_classes_share_of_unprimed", Percentiles.round(
                    ((Number) p.get("first_request_classes_loaded")).doubleValue() / ((Number) u.get("first_request_classes_loaded")).doubleValue()));
            String repeated = "primed*" + settings.firstRepeatedPrimings();
            List<Map<String, Object>> connected = new ArrayList<>();
            List<Map<String, Object>> again = new ArrayList<>();
            List<Map<String, Object>> keyLoaded = new ArrayList<>();
            boolean page = FirstRequestMain.PAGES.contains(handler);
            for (int i = 0; i < settings.firstDiagnosticRuns(); i++) {
                connected.add(run(handler, "primed+connected", warmup, recorded, false));
                again.add(run(handler, repeated, warmup, recorded, false));
                if (page) {
                    keyLoaded.add(run(handler, "primed+key", warmup, recorded, false));
                }
            }
            Map<String, Object> diagnostics = new LinkedHashMap<>();
            diagnostics.put("primed_then_connected", summary(connected));
            diagnostics.put("primed_repeatedly", summary(again));
            if (page) {
                diagnostics.put("primed_session_key_loaded", summary(keyLoaded));
            }
            h.put("diagnostics", diagnostics);
            out.put(handler, h);
        }
        return out;
    }

    /**
     * What a deployed table holds before any first request: a session key (the first page ever
     * served creates it), so no run pays for creating it and every run loads the same classes.
     */
    private void prepareTable() {
        functions.verification.handleRequest(Events.load("device-page").cookies(List.of()).build(),
                new dev.cliauth.local.LambdaInvocation("bench-prepare"));
    }

    private Map<String, Object> run(String handler, String mode, int warmup, int recorded, boolean classLog) {
        int requests = 1 + warmup + recorded;
        Path eventFile = dir.resolve("first-" + handler + ".properties");
        EventFile.write(event(handler), eventFile);
        String codes = "-";
        if (handler.equals("token")) {
            Path codeFile = dir.resolve("first-token-codes.txt");
            writeCodes(codeFile, requests);
            codes = codeFile.toString();
        }
        List<String> flags = new ArrayList<>(ChildJvm.LAMBDA_FLAGS);
        Path log = dir.resolve("first-request.log");
        if (classLog) {
            flags.add("-Xlog:class+load=info:stdout:none");
            log = dir.resolve("first-request-classes-" + handler + "-" + mode + ".log");
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> result = ChildJvm.run(flags, ChildJvm.lambdaClasspath(), FirstRequestMain.class.getName(),
                List.of(handler, mode, eventFile.toString(), codes, Integer.toString(warmup), Integer.toString(recorded)),
                env, log, 240);
        if (classLog) {
            result.put("class_log", log);
        }
        return result;
    }

    /** Package groups of the classes the first request loaded, from a child's class-load log. */
    static Map<String, Object> origins(Map<String, Object> loggedRun) {
        Path log = (Path) loggedRun.get("class_log");
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int from = lines.indexOf(FirstRequestMain.FIRST_START);
        int to = lines.indexOf(FirstRequestMain.FIRST_END);
        if (from < 0 || to < from) {
            throw new IllegalStateException("no first-request markers in " + log);
        }
        Map<String, Object> groups = new LinkedHashMap<>();
        for (String group : ORIGINS.keySet()) {
            groups.put(group, 0L);
        }
        groups.put("other", 0L);
        long total = 0;
        for (String line : lines.subList(from + 1, to)) {
            int source = line.indexOf(" source: ");
            if (source < 0) {
                continue;   // a line the request itself printed
            }
            String name = line.substring(0, source);
            String group = ORIGINS.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(name::startsWith))
                    .map(Map.Entry::getKey).findFirst().orElse("other");
            groups.put(group, (Long) groups.get(group) + 1);
            total++;
        }
        groups.put("total", total);
        groups.put("log", log.getFileName().toString());
        return groups;
    }

    /** How {@link #origins} groups classes by name. */
    static final Map<String, List<String>> ORIGINS = originGroups();

    private static Map<String, List<String>> originGroups() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("jdk", List.of("java.", "javax.", "jdk.", "sun.", "com.sun."));
        m.put("aws_sdk_http_credentials", List.of("software.amazon.awssdk.http.", "software.amazon.awssdk.auth.",
                "software.amazon.awssdk.regions.", "software.amazon.awssdk.utils."));
        m.put("aws_sdk_other", List.of("software.amazon.awssdk."));
        m.put("micronaut", List.of("io.micronaut."));
        m.put("cliauth", List.of("dev.cliauth."));
        return m;
    }

    private static APIGatewayV2HTTPEvent event(String handler) {
        return switch (handler) {
            case "device_authorization" -> Events.load("device-authorization").build();
            case "token" -> Events.load("token-poll").build();   // the child puts a device code in each
            case "verification" -> Events.load("device-page").cookies(List.of()).build();
            case "portal" -> Events.load("device-page").path("/portal/applications").query("").cookies(List.of()).build();
            default -> throw new IllegalArgumentException(handler);
        };
    }

    /** Grants never polled, started at real time (the child polls on real time: on time, so pending). */
    private void writeCodes(Path file, int count) {
        functions.clock.advance(Duration.ofMillis(System.currentTimeMillis() - functions.clock.millis()));
        List<String> codes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            codes.add(logins.start().deviceCode());
        }
        try {
            Files.write(file, codes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> summary(List<Map<String, Object>> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        double first = median(runs, "first_request_ms");
        double warm = median(runs, "warm_p50_ms");
        m.put("first_request_ms", Percentiles.round(first));
        m.put("first_request_cpu_ms", Percentiles.round(median(runs, "first_request_cpu_ms")));
        m.put("first_request_classes_loaded", (long) median(runs, "first_request_classes_loaded"));
        m.put("warm_p50_ms", Percentiles.round(warm));
        m.put("warm_p99_ms", Percentiles.round(median(runs, "warm_p99_ms")));
        m.put("ratio_to_warm_p50", Percentiles.round(median(runs, r -> num(r, "first_request_ms") / num(r, "warm_p50_ms"))));
        if (runs.get(0).containsKey("session_key_read_p50_ms")) {
            // The pages: the same first request beside what it cannot avoid, the session key's read.
            m.put("session_key_read_p50_ms", Percentiles.round(median(runs, "session_key_read_p50_ms")));
            m.put("ratio_to_warm_p50_plus_session_key_read", Percentiles.round(median(runs,
                    r -> num(r, "first_request_ms") / (num(r, "warm_p50_ms") + num(r, "session_key_read_p50_ms")))));
        }
        if (runs.get(0).containsKey("session_key_load_ms")) {
            m.put("session_key_load_ms", Percentiles.round(median(runs, "session_key_load_ms")));   // primed+key
        }
        m.put("init_ms", Percentiles.round(median(runs, "init_ms")));
        m.put("priming_ms", Percentiles.round(median(runs, "priming_ms")));
        m.put("second_request_ms", Percentiles.round(median(runs, "second_request_ms")));
        m.put("runs_first_request_ms", runs.stream().map(r -> r.get("first_request_ms")).toList());
        m.put("runs_first_request_classes_loaded", runs.stream().map(r -> r.get("first_request_classes_loaded")).toList());
        m.put("runs_warm_p50_ms", runs.stream().map(r -> r.get("warm_p50_ms")).toList());
        return m;
    }

    private static double num(Map<String, Object> run, String field) {
        return ((Number) run.get(field)).doubleValue();
    }

    private static double median(List<Map<String, Object>> runs, String field) {
        return median(runs, r -> num(r, field));
    }

    private static double median(List<Map<String, Object>> runs, java.util.function.ToDoubleFunction<Map<String, Object>> f) {
        return Percentiles.median(runs.stream().mapToDouble(f).toArray());
    }
}
