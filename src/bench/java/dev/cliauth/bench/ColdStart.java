package dev.cliauth.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;

/**
 * Cold start per handler: a fresh JVM with Lambda's flags per run ({@link ColdStartMain}), from
 * process start to the first response, median of the runs, beside the plain-Java
 * {@link BaselineHandler} making the same DynamoDB calls in the same run, each in three layouts:
 * the application's classes in a directory (as {@code sam build} lays them out), in jars, and in
 * jars with a dynamic AppCDS archive ({@link AppCds}). Runs of every variant alternate, so drift
 * on the machine affects all of them.
 */
final class ColdStart {

    /** The functions whose cold start is measured beside the plain-Java baseline making the same DynamoDB calls. */
    static final List<String> HANDLERS = List.of("device_authorization", "token", "verification", "portal");

    /** The first request each handler is measured with. */
    static final Map<String, String> REQUESTS = Map.of(
            "device_authorization", "POST /oauth2/device_authorization (GetItem client + TransactWriteItems)",
            "token", "POST /oauth2/token, a pending poll (GetItem client + UpdateItem)",
            "verification", "GET /device?user_code=... without cookies (GetItem session key)",
            "portal", "GET /portal/applications without cookies (GetItem session key)");

    private final Functions functions;
    private final Logins logins;
    private final Map<String, String> env;
    private final Path dir;

    ColdStart(Functions functions, String endpoint, Path dir) {
        this.functions = functions;
        this.logins = new Logins(functions);
        // Every child starts logins from the one address of the events: the per-source limit is lifted.
        this.env = Map.of("CLIAUTH_TABLE", functions.table, "CLIAUTH_DYNAMODB_ENDPOINT", endpoint,
                "AWS_REGION", "us-east-1", Functions.MANY_LOGINS_ENV, Functions.LIFTED);
        this.dir = dir;
    }

    Map<String, Object> measure(int runs, boolean warmupRun) {
        prepareTable();
        if (warmupRun) {
            run("token", "cliauth", Layout.DIRECTORY);   // discarded: warms the file cache for the jars
        }
        AppCds cds = AppCds.build(dir.resolve("cds"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvm_flags", ChildJvm.LAMBDA_FLAGS);
        out.put("classpath", "target/classes + runtime-scope jars (the Lambda artifact) + target/test-classes (the child's main)");
        out.put("runs_per_handler", runs);
        out.put("appcds", "JDK 17 dynamic archive per handler and implementation: one training run with -XX:ArchiveClassesAtExit,"
                + " then runs with -XX:SharedArchiveFile and -Xshare:on (a stale archive fails the run); classes in jars"
                + " (CDS archives no class from a directory): " + cds.describe());
        Map<String, Object> tokenBaseline = null;
        for (String handler : HANDLERS) {
            for (String implementation : List.of("cliauth", "baseline")) {
                train(cds, handler, implementation);
            }
            Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
            List<String> variants = new ArrayList<>();
            for (Layout layout : Layout.values()) {
                for (String implementation : List.of("cliauth", "baseline")) {
                    variants.add(implementation + "/" + layout);
                    results.put(implementation + "/" + layout, new ArrayList<>());
                }
            }
            for (int i = 0; i < runs; i++) {
                // Alternating order, so drift on the machine affects every variant alike.
                List<String> order = new ArrayList<>(variants);
                if (i % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String variant : order) {
                    String[] v = variant.split("/");
                    Layout layout = Layout.valueOf(v[1]);
                    results.get(variant).add(run(handler, v[0], layout, cds.classpath(layout), cds.flags(layout, handler, v[0])));
                }
            }
            Map<String, Object> r = summary(results.get("cliauth/" + Layout.DIRECTORY));
            Map<String, Object> b = summary(results.get("baseline/" + Layout.DIRECTORY));
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("request", REQUESTS.get(handler));
            h.putAll(r);
            h.put("baseline_median_ms", b.get("median_ms"));
            h.put("baseline_init_median_ms", b.get("init_median_ms"));
            h.put("baseline_first_request_median_ms", b.get("first_request_median_ms"));
            h.put("baseline_heap_used_mb", b.get("heap_used_mb"));
            h.put("baseline_classes_loaded", b.get("classes_loaded"));
            h.put("baseline_runs_ms", b.get("runs_ms"));
            h.put("ratio", ratio(r, b));
            Map<String, Object> jarCliauth = summary(results.get("cliauth/" + Layout.JAR));
            Map<String, Object> jarBaseline = summary(results.get("baseline/" + Layout.JAR));
            Map<String, Object> cdsCliauth = summary(results.get("cliauth/" + Layout.JAR_APPCDS));
            Map<String, Object> cdsBaseline = summary(results.get("baseline/" + Layout.JAR_APPCDS));
            h.put("jar", layout(jarCliauth, jarBaseline, "application classes in a jar, no AppCDS"));
            Map<String, Object> appcds = layout(cdsCliauth, cdsBaseline, "application classes in a jar, with AppCDS");
            appcds.put("ratio_to_jar", ratio(cdsCliauth, jarCliauth));
            appcds.put("baseline_ratio_to_jar", ratio(cdsBaseline, jarBaseline));
            appcds.put("archive_mb", cds.archiveMb(handler, "cliauth"));
            appcds.put("baseline_archive_mb", cds.archiveMb(handler, "baseline"));
            h.put("appcds", appcds);
            out.put(handler, h);
            if (handler.equals("token")) {
                tokenBaseline = b;
            }
        }
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("handler", "plain Java RequestHandler, no Micronaut, same SDK client configuration");
        baseline.put("request", REQUESTS.get("token"));
        baseline.putAll(tokenBaseline);
        out.put("baseline", baseline);
        return out;
    }

    /** Where the application's classes are, and whether an AppCDS archive is used. */
    enum Layout {
        /** target/classes as a directory, as {@code sam build} lays the artifact out (the figures of earlier runs). */
        DIRECTORY,
        /** The same classes in jars (what AppCDS needs), without an archive. */
        JAR,
        /** In jars, with the handler's dynamic AppCDS archive. */
        JAR_APPCDS
    }

    private static Map<String, Object> layout(Map<String, Object> cliauth, Map<String, Object> baseline, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layout", what);
        m.put("median_ms", cliauth.get("median_ms"));
        m.put("init_median_ms", cliauth.get("init_median_ms"));
        m.put("first_request_median_ms", cliauth.get("first_request_median_ms"));
        m.put("classes_loaded", cliauth.get("classes_loaded"));
        m.put("runs_ms", cliauth.get("runs_ms"));
        m.put("baseline_median_ms", baseline.get("median_ms"));
        m.put("baseline_runs_ms", baseline.get("runs_ms"));
        m.put("ratio", ratio(cliauth, baseline));
        return m;
    }

    private static double ratio(Map<String, Object> a, Map<String, Object> b) {
        return Percentiles.round((Double) a.get("median_ms") / (Double) b.get("median_ms"));
    }

    /**
     * The session key a deployed table already holds (the first page ever served creates it), so
     * that no verification run pays for creating it.
     */
    private void prepareTable() {
        functions.verification.handleRequest(Events.load("device-page").cookies(List.of()).build(),
                new dev.cliauth.local.LambdaInvocation("bench-prepare"));
    }

    /** A training run: the same cold start, writing the handler's dynamic archive at exit; not recorded. */
    private void train(AppCds cds, String handler, String implementation) {
        List<String> flags = new ArrayList<>(ChildJvm.LAMBDA_FLAGS);
        flags.add("-XX:ArchiveClassesAtExit=" + cds.archive(handler, implementation));
        cds.delete(handler, implementation);
        run(handler, implementation, Layout.JAR, cds.classpath(Layout.JAR), flags);
        if (!java.nio.file.Files.exists(cds.archive(handler, implementation))) {
            throw new IllegalStateException("no AppCDS archive written: " + cds.archive(handler, implementation)
                    + "; see " + dir.resolve("cold-start.log"));
        }
    }

    private Map<String, Object> run(String handler, String implementation, Layout layout) {
        return run(handler, implementation, layout, ChildJvm.lambdaClasspath(), ChildJvm.LAMBDA_FLAGS);
    }

    private Map<String, Object> run(String handler, String implementation, Layout layout, String classpath, List<String> flags) {
        Path eventFile = dir.resolve("cold-" + handler + ".properties");
        EventFile.write(event(handler), eventFile);
        Map<String, Object> result = ChildJvm.run(flags, classpath,
                ColdStartMain.class.getName(), List.of(handler, implementation, eventFile.toString(), "{spawn}"), env,
                dir.resolve("cold-start.log"), 120);
        int status = ((Number) result.get("status")).intValue();
        int expected = handler.equals("token") ? 400 : 200;
        String body = String.valueOf(result.get("body_start"));
        if (status != expected || handler.equals("token") && !body.contains("authorization_pending")) {
            throw new IllegalStateException("cold " + implementation + " " + layout + " " + handler + " answered " + status + " "
                    + body + "; see " + dir.resolve("cold-start.log"));
        }
        return result;
    }

    private APIGatewayV2HTTPEvent event(String handler) {
        // Earlier phases move the fixture's clock; the children run on real time, so the grant a
        // child polls is created at real time (else its poll is early: slow_down, not pending).
        functions.clock.advance(Duration.ofMillis(System.currentTimeMillis() - functions.clock.millis()));
        return switch (handler) {
            case "device_authorization" -> Events.load("device-authorization").build();
            case "token" -> Events.load("token-poll").form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code")
                    + "&device_code=" + enc(logins.start().deviceCode()) + "&client_id=demo-cli").build();
            case "verification" -> Events.load("device-page").cookies(List.of()).build();
            case "portal" -> Events.load("device-page").path("/portal/applications").query("").cookies(List.of()).build();
            default -> throw new IllegalArgumentException(handler);
        };
    }

    private static Map<String, Object> summary(List<Map<String, Object>> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median_ms", Percentiles.round(median(runs, "total_ms")));
        m.put("init_median_ms", Percentiles.round(median(runs, "init_ms")));
        m.put("first_request_median_ms", Percentiles.round(median(runs, "first_request_ms")));
        m.put("jvm_start_to_main_median_ms", Percentiles.round(median(runs, "jvm_start_to_main_ms")));
        m.put("heap_used_mb", Percentiles.round(median(runs, "heap_used_mb")));
        m.put("heap_live_after_gc_mb", Percentiles.round(median(runs, "heap_live_after_gc_mb")));
        m.put("classes_loaded", (long) median(runs, "classes_loaded"));
        m.put("runs_ms", runs.stream().map(r -> r.get("total_ms")).toList());
        return m;
    }

    private static double median(List<Map<String, Object>> runs, String field) {
        return Percentiles.median(runs.stream().mapToDouble(r -> ((Number) r.get(field)).doubleValue()).toArray());
    }
}
