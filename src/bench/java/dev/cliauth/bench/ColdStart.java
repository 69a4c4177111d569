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
 * {@link BaselineHandler} making the same DynamoDB calls in the same run. Handler and baseline
 * runs alternate, so drift on the machine affects both.
 */
final class ColdStart {

    /** The first request each handler is measured with. */
    static final Map<String, String> REQUESTS = Map.of(
            "device_authorization", "POST /oauth2/device_authorization (GetItem client + TransactWriteItems)",
            "token", "POST /oauth2/token, a pending poll (GetItem client + UpdateItem)",
            "verification", "GET /device?user_code=... without cookies (GetItem session key)");

    private final Functions functions;
    private final Logins logins;
    private final Map<String, String> env;
    private final Path dir;

    ColdStart(Functions functions, String endpoint, Path dir) {
        this.functions = functions;
        this.logins = new Logins(functions);
        this.env = Map.of("CLIAUTH_TABLE", functions.table, "CLIAUTH_DYNAMODB_ENDPOINT", endpoint,
                "AWS_REGION", "us-east-1");
        this.dir = dir;
    }

    Map<String, Object> measure(int runs, boolean warmupRun) {
        if (warmupRun) {
            run("token", "cliauth");   // discarded: warms the file cache for the jars
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvm_flags", ChildJvm.LAMBDA_FLAGS);
        out.put("classpath", "target/classes + runtime-scope jars (the Lambda artifact) + target/test-classes (the child's main)");
        out.put("runs_per_handler", runs);
        Map<String, Object> tokenBaseline = null;
        for (String handler : List.of("device_authorization", "token", "verification")) {
            List<Map<String, Object>> real = new ArrayList<>();
            List<Map<String, Object>> base = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                if (i % 2 == 0) {
                    real.add(run(handler, "cliauth"));
                    base.add(run(handler, "baseline"));
                } else {
                    base.add(run(handler, "baseline"));
                    real.add(run(handler, "cliauth"));
                }
            }
            Map<String, Object> r = summary(real);
            Map<String, Object> b = summary(base);
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("request", REQUESTS.get(handler));
            h.putAll(r);
            h.put("baseline_median_ms", b.get("median_ms"));
            h.put("baseline_init_median_ms", b.get("init_median_ms"));
            h.put("baseline_first_request_median_ms", b.get("first_request_median_ms"));
            h.put("baseline_heap_used_mb", b.get("heap_used_mb"));
            h.put("baseline_classes_loaded", b.get("classes_loaded"));
            h.put("baseline_runs_ms", b.get("runs_ms"));
            h.put("ratio", Percentiles.round((Double) r.get("median_ms") / (Double) b.get("median_ms")));
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

    private Map<String, Object> run(String handler, String implementation) {
        Path eventFile = dir.resolve("cold-" + handler + ".properties");
        EventFile.write(event(handler), eventFile);
        Map<String, Object> result = ChildJvm.run(ChildJvm.LAMBDA_FLAGS, ChildJvm.lambdaClasspath(),
                ColdStartMain.class.getName(), List.of(handler, implementation, eventFile.toString(), "{spawn}"), env,
                dir.resolve("cold-start.log"), 120);
        int status = ((Number) result.get("status")).intValue();
        int expected = handler.equals("token") ? 400 : 200;
        String body = String.valueOf(result.get("body_start"));
        if (status != expected || handler.equals("token") && !body.contains("authorization_pending")) {
            throw new IllegalStateException("cold " + implementation + " " + handler + " answered " + status + " "
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
