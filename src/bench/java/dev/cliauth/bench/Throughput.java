package dev.cliauth.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of local mode over HTTP on 127.0.0.1 with an {@link OpenLoad} generator: pending polls
 * (each on a grant not polled for 4.2 s, so none is {@code slow_down}) and complete logins (device
 * authorization, a pending poll, the confirmation page, approval, and the redemption an interval
 * after the poll, as a CLI would), stepping the rate up from an idle rate until p99 exceeds three
 * times its idle value or a request fails.
 */
final class Throughput {

    private static final Pattern JSON_STRING = Pattern.compile("\"(device_code|user_code)\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final long POLL_SPACING_MS = 4_200;

    private final Settings settings;
    private final String base;
    private final HttpClient http;
    private final ExecutorService responses = Executors.newFixedThreadPool(4);
    private final List<PoolGrant> pool = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private String cookieHeader;
    private String csrf;

    private record PoolGrant(String deviceCode, AtomicLong lastPoll) {
    }

    private Throughput(Settings settings, String base) {
        this.settings = settings;
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(responses).build();
    }

    static Map<String, Object> measure(Settings settings, Path dir) {
        try (LocalMode local = LocalMode.start(dir.resolve("local-mode.log"))) {
            Throughput t = new Throughput(settings, local.base());
            try {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("server", "local mode: LocalMain in its own JVM (the JVM's default JIT, as `mvn -q test-compile"
                        + " exec:exec`), cliauth's DynamoDB engine in-process in that JVM, JDK HttpServer with 16 threads on 127.0.0.1");
                out.put("generator", "open model in the benchmark JVM: fixed arrival rate, java.net.http.HttpClient"
                        + " sendAsync over HTTP/1.1, latency of a scenario's first request from its intended arrival");
                out.put("criterion", "highest stepped rate with p99 <= 3 x idle p99 and zero errors at it and every lower rate");
                t.signIn();
                out.put("pending_poll", t.pendingPolls());
                out.put("login", t.logins());
                return out;
            } finally {
                t.responses.shutdownNow();
            }
        }
    }

    // ---- pending polls ------------------------------------------------------------------------

    private Map<String, Object> pendingPolls() {
        OpenLoad.Scenario poll = (intended, rec) -> {
            PoolGrant g = nextGrant();
            if (g == null) {
                rec.error("no grant free to poll: pool too small");
                return CompletableFuture.completedFuture(null);
            }
            return post("/oauth2/token", "grant_type=" + enc(GRANT) + "&device_code=" + enc(g.deviceCode())
                    + "&client_id=demo-cli", null).thenAccept(r -> {
                        rec.latency(System.nanoTime() - intended);
                        expect(r, 400, "authorization_pending", "pending poll");
                    });
        };
        // The idle measurement starts as the warm-up ends: the grants the warm-up (at twice the idle
        // rate) polled in its last 5 s are not free again yet, so the pool holds both.
        growPool(settings.pollIdleRate() * (settings.loadWarmupSeconds() > 0 ? 3 : 1) * 5.5 + 20);
        if (settings.loadWarmupSeconds() > 0) {
            OpenLoad.run(settings.pollIdleRate() * 2, settings.loadWarmupSeconds(), poll, 30);   // warm-up, discarded
        }
        return stepped(settings.pollIdleRate(), settings.pollRates(), poll, 1, rate -> growPool(rate * 5.5 + 20));
    }

    private synchronized PoolGrant nextGrant() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < pool.size(); i++) {
            PoolGrant g = pool.get(Math.floorMod(next.getAndIncrement(), pool.size()));
            long last = g.lastPoll().get();
            if (now - last >= POLL_SPACING_MS) {
                g.lastPoll().set(now);
                return g;
            }
        }
        return null;
    }

    /** Adds fresh grants (through the device authorization endpoint, 8 at a time) up to {@code size}. */
    private void growPool(double size) {
        int missing = (int) Math.ceil(size) - pool.size();
        if (missing <= 0) {
            return;
        }
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<String>> created = new ArrayList<>();
        for (int i = 0; i < missing; i++) {
            inFlight.acquireUninterruptibly();
            created.add(post("/oauth2/device_authorization", "client_id=demo-cli&scope=openid", null)
                    .thenApply(r -> {
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("device authorization: " + r.statusCode() + " " + r.body());
                        }
                        return field(r.body(), "device_code");
                    }).whenComplete((r, e) -> inFlight.release()));
        }
        List<PoolGrant> fresh = created.stream().map(CompletableFuture::join)
                .map(code -> new PoolGrant(code, new AtomicLong(0))).toList();
        synchronized (this) {
            pool.addAll(fresh);
        }
    }

    // ---- complete logins ------------------------------------------------------------------------

    private Map<String, Object> logins() {
        OpenLoad.Scenario login = (intended, rec) -> {
            long[] polledAt = new long[1];
            String[] codes = new String[2];
            return post("/oauth2/device_authorization", "client_id=demo-cli&scope=" + enc("openid email"), null)
                    .thenCompose(r -> {
                        rec.latency(System.nanoTime() - intended);
                        expect(r, 200, "device_code", "device authorization");
                        codes[0] = field(r.body(), "device_code");
                        codes[1] = field(r.body(), "user_code");
                        polledAt[0] = System.currentTimeMillis();
                        return timed(rec, "/oauth2/token", pollForm(codes[0]), null, 400, "authorization_pending", "pending poll");
                    })
                    .thenCompose(v -> {
                        long sent = System.nanoTime();
                        return post("/device", "csrf=" + enc(csrf) + "&user_code=" + enc(codes[1]), cookieHeader)
                                .thenApply(r -> {
                                    rec.latency(System.nanoTime() - sent);
                                    expect(r, 200, "Approve", "confirmation page");
                                    return r.body();
                                });
                    })
                    .thenCompose(page -> timed(rec, "/device/decision", "csrf=" + enc(csrf)
                            + "&grant=" + enc(hidden(page, "grant")) + "&app=" + enc(hidden(page, "app"))
                            + "&sig=" + enc(hidden(page, "sig")) + "&decision=approve",
                            cookieHeader, 200, "signed in", "approval"))
                    .thenCompose(v -> {
                        // The CLI waits its interval (5 s) after the pending poll before polling again.
                        long delay = Math.max(0, polledAt[0] + 5_000 - System.currentTimeMillis());
                        Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, responses);
                        return CompletableFuture.supplyAsync(() -> null, later)
                                .thenCompose(x -> timed(rec, "/oauth2/token", pollForm(codes[0]), null, 200, "access_token", "redemption"));
                    });
        };
        if (settings.loadWarmupSeconds() > 0) {
            OpenLoad.run(settings.loginIdleRate() * 2, settings.loadWarmupSeconds(), login, 40);   // warm-up, discarded
        }
        Map<String, Object> out = stepped(settings.loginIdleRate(), settings.loginRates(), login, 5, rate -> { });
        out.put("requests_per_login", 7);
        out.put("unit", "rates are complete logins per second; latencies are per step (a page form's post and the"
                + " GET of the page it redirects to are one step)");
        return out;
    }

    private CompletableFuture<Void> timed(OpenLoad.Recorder rec, String path, String form, String cookies,
                                          int status, String marker, String what) {
        long sent = System.nanoTime();
        return post(path, form, cookies).thenAccept(r -> {
            rec.latency(System.nanoTime() - sent);
            expect(r, status, marker, what);
        });
    }

    /** A hidden form field of a page, HTML entities decoded. */
    private static String hidden(String html, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no field " + name);
        }
        return m.group(1).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#96;", "`").replace("&amp;", "&");
    }

    /** One browser signed in as the demo user; it approves every login of the load. */
    private void signIn() {
        HttpResponse<String> started = post("/oauth2/device_authorization", "client_id=demo-cli&scope=openid", null).join();
        String userCode = field(started.body(), "user_code");
        Map<String, String> jar = new LinkedHashMap<>();
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/device?user_code=" + enc(userCode)))
                .timeout(Duration.ofSeconds(10)).GET().build());
        keepCookies(page, jar);
        page = post("/device", "csrf=" + enc(csrf(page)) + "&user_code=" + enc(userCode), cookies(jar)).join();
        keepPosted(page, jar);
        page = post("/device/signin", "csrf=" + enc(csrf(page)) + "&user_code=" + enc(userCode)
                + "&username=" + enc("demo@example.com") + "&password=" + enc("demo-password"), cookies(jar)).join();
        keepPosted(page, jar);
        if (page.statusCode() != 200 || !page.body().contains("Approve")) {
            throw new IllegalStateException("local mode sign-in failed: " + page.statusCode());
        }
        csrf = csrf(page);
        cookieHeader = cookies(jar);
    }

    // ---- stepping -------------------------------------------------------------------------------

    private Map<String, Object> stepped(double idleRate, List<Double> rates, OpenLoad.Scenario scenario,
                                        int requestsPerScenario, java.util.function.DoubleConsumer prepare) {
        int drain = requestsPerScenario > 1 ? 40 : 30;
        OpenLoad.Step idle = OpenLoad.run(idleRate, settings.loadIdleSeconds(), scenario, drain);
        double limit = 3 * idle.latency().p99();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("idle_rate_per_s", idleRate);
        out.put("idle_requests", idle.latency().count());
        out.put("idle_errors", idle.errors());
        out.put("idle_p50_ms", Percentiles.round(idle.latency().p50()));
        out.put("idle_p99_ms", Percentiles.round(idle.latency().p99()));
        out.put("p99_limit_ms", Percentiles.round(limit));
        List<Map<String, Object>> steps = new ArrayList<>();
        double sustained = idle.errors() == 0 ? idleRate : 0;
        Double failing = null;
        for (double rate : rates) {
            prepare.accept(rate);
            OpenLoad.Step step = OpenLoad.run(rate, settings.loadStepSeconds(), scenario, drain);
            boolean passed = step.errors() == 0 && step.latency().p99() <= limit;
            steps.add(step.describe(passed));
            if (!passed) {
                failing = rate;
                break;
            }
            sustained = rate;
        }
        out.put("sustained_rate_per_s", sustained);
        out.put("sustained_requests_per_s", sustained * requestsPerScenario);
        out.put("first_failing_rate_per_s", failing);
        out.put("limited_by_highest_step", failing == null);
        out.put("steps", steps);
        return out;
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private CompletableFuture<HttpResponse<String>> post(String path, String form, String cookies) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "cliauth-bench/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookies != null) {
            b.header("Cookie", cookies);
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenCompose(r -> followView(r, cookies));
    }

    /**
     * A page form's 303 to the page it kept, followed as a browser does (GET with the cookies and the
     * one the post set); the post's own cookies are kept on the answer's request for keepCookies.
     */
    private CompletableFuture<HttpResponse<String>> followView(HttpResponse<String> r, String cookies) {
        String location = r.headers().firstValue("location").orElse(null);
        if (r.statusCode() != 303 || location == null || !location.contains("/device/view?")) {
            return CompletableFuture.completedFuture(r);
        }
        Map<String, String> jar = new LinkedHashMap<>();
        if (cookies != null) {
            for (String pair : cookies.split("; ")) {
                int eq = pair.indexOf('=');
                jar.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        keepCookies(r, jar);
        posted.set(r);
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + location)).timeout(Duration.ofSeconds(10))
                .header("User-Agent", "cliauth-bench/1.0").header("Cookie", cookies(jar)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The last followed post's own answer (signIn reads its session cookie). */
    private final java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> posted =
            new java.util.concurrent.atomic.AtomicReference<>();

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> r, int status, String marker, String what) {
        if (r.statusCode() != status || !r.body().contains(marker)) {
            // OpenLoad records the scenario's failure once, with this message.
            String body = r.body().length() > 200 ? r.body().substring(0, 200) : r.body();
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + body);
        }
    }

    private static String pollForm(String deviceCode) {
        return "grant_type=" + enc(GRANT) + "&device_code=" + enc(deviceCode) + "&client_id=demo-cli";
    }

    private static String field(String json, String name) {
        Matcher m = JSON_STRING.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF field: " + page.statusCode() + " " + page.body());
        }
        return m.group(1);
    }

    /** The cookies a followed post set (on its 303), then the page's own. */
    private void keepPosted(HttpResponse<String> page, Map<String, String> jar) {
        HttpResponse<String> post = posted.getAndSet(null);
        if (post != null) {
            keepCookies(post, jar);
        }
        keepCookies(page, jar);
    }

    private static void keepCookies(HttpResponse<String> r, Map<String, String> jar) {
        for (String setCookie : r.headers().allValues("set-cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            jar.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
    }

    private static String cookies(Map<String, String> jar) {
        List<String> pairs = new ArrayList<>();
        jar.forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join("; ", pairs);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
