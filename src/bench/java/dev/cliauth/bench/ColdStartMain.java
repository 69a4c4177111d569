package dev.cliauth.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.lambda.DeviceAuthorizationHandler;
import dev.cliauth.local.LambdaInvocation;
import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.lambda.PortalHandler;
import dev.cliauth.lambda.VerificationHandler;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child JVM of {@link ColdStart}: constructs one handler the way Lambda does (the no-arg
 * constructor, settings from {@code CLIAUTH_*} environment variables), hands it one real-shaped
 * event, and reports the time from just before the parent started this process to the response,
 * and the heap in use after it.
 *
 * <p>Arguments: handler ({@code device_authorization}, {@code token}, {@code verification}),
 * implementation ({@code cliauth} or {@code baseline}), event file, parent's {@code nanoTime()} at spawn.
 */
public final class ColdStartMain {

    private ColdStartMain() {
    }

    public static void main(String[] args) {
        long mainStart = System.nanoTime();
        String handler = args[0];
        boolean baseline = "baseline".equals(args[1]);
        long spawn = Long.parseLong(args[3]);
        APIGatewayV2HTTPEvent event = EventFile.read(Path.of(args[2]));

        long constructStart = System.nanoTime();
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function = baseline ? new BaselineHandler()
                : switch (handler) {
                    case "device_authorization" -> new DeviceAuthorizationHandler();
                    case "token" -> new TokenHandler();
                    case "verification" -> new VerificationHandler();
                    case "portal" -> new PortalHandler();
                    default -> throw new IllegalArgumentException(handler);
                };
        long requestStart = System.nanoTime();
        APIGatewayV2HTTPResponse response = function.handleRequest(event, new LambdaInvocation("cold-start"));
        long done = System.nanoTime();
        long doneWall = System.currentTimeMillis();

        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long sinceJvmStart = doneWall - ManagementFactory.getRuntimeMXBean().getStartTime();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        System.gc();
        long live = rt.totalMemory() - rt.freeMemory();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("handler", handler);
        out.put("implementation", baseline ? "baseline" : "cliauth");
        out.put("status", response.getStatusCode());
        String body = response.getBody() == null ? "" : response.getBody();
        out.put("body_start", body.substring(0, Math.min(80, body.length())));
        out.put("total_ms", ms(done - spawn));
        out.put("jvm_start_to_main_ms", ms(mainStart - spawn));
        out.put("init_ms", ms(requestStart - constructStart));
        out.put("first_request_ms", ms(done - requestStart));
        out.put("since_jvm_start_ms", sinceJvmStart);
        out.put("heap_used_mb", mb(used));
        out.put("heap_live_after_gc_mb", mb(live));
        out.put("classes_loaded", classes);
        ChildJvm.report(out);
        System.exit(0);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }
}
