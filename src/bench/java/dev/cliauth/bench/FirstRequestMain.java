package dev.cliauth.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.lambda.CliauthFunction;
import dev.cliauth.lambda.DeviceAuthorizationHandler;
import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.lambda.PortalHandler;
import dev.cliauth.lambda.VerificationHandler;
import dev.cliauth.local.LambdaInvocation;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.verification.SessionKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child JVM of {@link FirstRequest}: the first request after a SnapStart-style init, restore
 * excluded. It builds one handler as Lambda does (no-arg constructor, {@code CLIAUTH_*} settings),
 * then either primes it ({@code beforeCheckpoint}, then {@code afterRestore}, as SnapStart calls
 * them around a snapshot) or not, collects garbage (a snapshot is taken of a collected heap), and
 * times one request: wall clock, this thread's CPU time and the classes it loaded. Then, in the
 * same JVM, warm-up requests of the same kind (not recorded) and recorded ones for the warm p50
 * the first request is compared with.
 *
 * <p>Arguments: handler ({@code device_authorization}, {@code token}, {@code verification}), mode
 * ({@link Mode}), event file, device-code file (token: one code per request, each of a grant never
 * polled; {@code -} otherwise), warm-up requests, recorded requests. It prints
 * {@link #FIRST_START} and {@link #FIRST_END} around the first request, so a class-load log on
 * standard output shows which classes that request loaded.
 */
public final class FirstRequestMain {

    /** Printed just before and after the first request, to find its lines in a class-load log. */
    static final String FIRST_START = "BENCH-FIRST-REQUEST-START";
    static final String FIRST_END = "BENCH-FIRST-REQUEST-END";

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    /**
     * How the handler is readied: {@code unprimed}; {@code primed} (SnapStart's two callbacks);
     * diagnostics: {@code primed+connected} (then one DynamoDB call through the handler's client,
     * so the timed request excludes the first connection), {@code primed+key} (a page function:
     * then the session key read through the function's own {@link SessionKey}, so the timed request
     * excludes the one read it must make) and {@code primed*N} (priming N times).
     */
    record Mode(int primings, boolean connected, boolean keyLoaded) {
        static Mode parse(String s) {
            if (s.equals("unprimed")) {
                return new Mode(0, false, false);
            }
            if (s.equals("primed")) {
                return new Mode(1, false, false);
            }
            if (s.equals("primed+connected")) {
                return new Mode(1, true, false);
            }
            if (s.equals("primed+key")) {
                return new Mode(1, false, true);
            }
            if (s.startsWith("primed*")) {
                return new Mode(Integer.parseInt(s.substring("primed*".length())), false, false);
            }
            throw new IllegalArgumentException(s);
        }
    }

    private FirstRequestMain() {
    }

    public static void main(String[] args) throws IOException {
        String handler = args[0];
        Mode mode = Mode.parse(args[1]);
        int warmup = Integer.parseInt(args[4]);
        int recorded = Integer.parseInt(args[5]);
        List<APIGatewayV2HTTPEvent> events = events(handler, Path.of(args[2]), args[3], 1 + warmup + recorded);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        LambdaInvocation lambda = new LambdaInvocation("first-request");

        long initStart = System.nanoTime();
        CliauthFunction function = switch (handler) {
            case "device_authorization" -> new DeviceAuthorizationHandler();
            case "token" -> new TokenHandler();
            case "verification" -> new VerificationHandler();
            case "portal" -> new PortalHandler();
            default -> throw new IllegalArgumentException(handler);
        };
        long initDone = System.nanoTime();
        long primingMs = 0;
        if (mode.primings() > 0) {
            long primingStart = System.nanoTime();
            for (int i = 0; i < mode.primings(); i++) {
                function.priming().beforeCheckpoint(null);
                if (function.priming().lastReport() == null) {
                    throw new IllegalStateException("priming did not run");
                }
            }
            function.priming().afterRestore(null);
            primingMs = System.nanoTime() - primingStart;
        }
        if (mode.connected()) {
            // Diagnostic: the restored client's first DynamoDB call (new HTTP client, credentials,
            // socket) made before the timed request, so that request shows the handler alone.
            function.context().getBean(DynamoDbClient.class).getItem(g -> g.tableName(System.getenv("CLIAUTH_TABLE"))
                    .key(Map.of("pk", AttributeValue.fromS("BENCH#connect"))));
        }
        long keyLoadNanos = 0;
        if (mode.keyLoaded()) {
            // Diagnostic: what the page's first request costs beside its session key read.
            long t = System.nanoTime();
            function.context().getBean(SessionKey.class).get(Keys.DEFAULT_ORG);
            keyLoadNanos = System.nanoTime() - t;
        }
        System.gc();
        long classesInit = classes.getTotalLoadedClassCount();

        System.out.println(FIRST_START);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse first = function.handleRequest(events.get(0), lambda);
        long firstNanos = System.nanoTime() - start;
        long firstCpu = threads.getCurrentThreadCpuTime() - cpuStart;
        long classesFirst = classes.getTotalLoadedClassCount();
        System.out.println(FIRST_END);
        check(handler, first, "first request");

        long[] warm = new long[recorded];
        long second = 0;
        for (int i = 1; i < events.size(); i++) {
            long t = System.nanoTime();
            APIGatewayV2HTTPResponse r = function.handleRequest(events.get(i), lambda);
            long took = System.nanoTime() - t;
            check(handler, r, "warm request " + i);
            if (i == 1) {
                second = took;
            }
            if (i > warmup) {
                warm[i - warmup - 1] = took;
            }
        }
        Percentiles warmLatency = new Percentiles(warm);
        Percentiles keyRead = PAGES.contains(handler) ? sessionKeyReads(function, recorded) : null;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("handler", handler);
        out.put("mode", args[1]);
        out.put("status", first.getStatusCode());
        out.put("init_ms", ms(initDone - initStart));
        out.put("priming_ms", ms(primingMs));
        out.put("first_request_ms", ms(firstNanos));
        out.put("first_request_cpu_ms", ms(firstCpu));
        out.put("first_request_classes_loaded", classesFirst - classesInit);
        out.put("second_request_ms", ms(second));
        out.put("classes_loaded_before_first_request", classesInit);
        out.put("warm_requests", recorded);
        out.put("warm_p50_ms", Percentiles.round(warmLatency.p50()));
        out.put("warm_p99_ms", Percentiles.round(warmLatency.p99()));
        out.put("classes_loaded_after_warm", classes.getTotalLoadedClassCount());
        if (keyRead != null) {
            out.put("session_key_read_p50_ms", Percentiles.round(keyRead.p50()));
        }
        if (mode.keyLoaded()) {
            out.put("session_key_load_ms", ms(keyLoadNanos));
        }
        ChildJvm.report(out);
        System.exit(0);
    }

    /**
     * The page functions: their first request after a restore must read the session key (cached
     * by the warm ones, forgotten by priming with everything else it cached).
     */
    static final List<String> PAGES = List.of("verification", "portal");

    /**
     * That read alone, warm, with the function's own client: {@code GetItem} of the default org's
     * session key as {@code SessionKey} makes it, {@code count} times after as many unrecorded.
     */
    private static Percentiles sessionKeyReads(CliauthFunction function, int count) {
        DynamoDbClient client = function.context().getBean(DynamoDbClient.class);
        String table = System.getenv("CLIAUTH_TABLE");
        long[] took = new long[count];
        for (int i = 0; i < 2 * count; i++) {
            long t = System.nanoTime();
            client.getItem(g -> g.tableName(table).key(Attrs.key(Keys.sessionKey(Keys.DEFAULT_ORG))));
            if (i >= count) {
                took[i - count] = System.nanoTime() - t;
            }
        }
        return new Percentiles(took);
    }

    /** One event per request: the file's event, with its own device code in the token form. */
    private static List<APIGatewayV2HTTPEvent> events(String handler, Path eventFile, String codeFile, int count)
            throws IOException {
        List<String> codes = handler.equals("token") ? Files.readAllLines(Path.of(codeFile), StandardCharsets.UTF_8) : List.of();
        if (handler.equals("token") && codes.size() < count) {
            throw new IllegalArgumentException(count + " requests need as many device codes; " + codeFile + " has " + codes.size());
        }
        List<APIGatewayV2HTTPEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            APIGatewayV2HTTPEvent e = EventFile.read(eventFile);
            if (handler.equals("token")) {
                String form = "grant_type=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8) + "&device_code="
                        + URLEncoder.encode(codes.get(i), StandardCharsets.UTF_8) + "&client_id=demo-cli";
                e.setBody(Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)));
                e.setIsBase64Encoded(true);
                e.getHeaders().put("content-length", Integer.toString(form.length()));
            }
            events.add(e);
        }
        return events;
    }

    /** The expected answer: a device code, {@code authorization_pending}, the code-entry page. */
    private static void check(String handler, APIGatewayV2HTTPResponse r, String what) {
        String body = r.getBody() == null ? "" : r.getBody();
        boolean ok = switch (handler) {
            case "device_authorization" -> r.getStatusCode() == 200 && body.contains("\"device_code\"");
            case "token" -> r.getStatusCode() == 400 && body.contains("authorization_pending");
            case "verification" -> r.getStatusCode() == 200 && body.contains("user_code");
            case "portal" -> r.getStatusCode() == 200 && body.contains("name=\"next\" value=\"portal\"");
            default -> false;
        };
        if (!ok) {
            throw new IllegalStateException(handler + " " + what + ": unexpected " + r.getStatusCode() + " "
                    + body.substring(0, Math.min(300, body.length())));
        }
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
