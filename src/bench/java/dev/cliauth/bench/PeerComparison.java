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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local mode beside a peer, node-oidc-provider ({@link Peer}), in the same run and driven by the
 * same clients: device authorization and pending-poll latency on one kept-alive connection
 * ({@link KeepAliveClient}), one request to each server in turn, and the highest open-model rate
 * of pending polls ({@link OpenLoad}) each sustains with p99 within 3× its idle p99 and no error.
 *
 * <p>Every pending poll is on time on both sides: each server has a pool of device codes and a
 * code is polled again only {@link #POLL_SPACING_MS} after its last poll (longer than the 5 s
 * interval both use), so cliauth never answers {@code slow_down}. node-oidc-provider does not
 * enforce the interval at all; the same pacing keeps the two doing the same work.
 */
final class PeerComparison {

    static final long POLL_SPACING_MS = 5_050;
    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    /** A request neither server answers from storage: what HTTP and the framework cost alone. */
    private static final String METADATA = "/.well-known/openid-configuration";
    private static final Pattern DEVICE_CODE = Pattern.compile("\"device_code\"\\s*:\\s*\"([^\"]+)\"");

    /** One server under test: where it answers and as which client. */
    private static final class Server {
        final String name;
        final String base;
        final String authorizationPath;
        final String tokenPath;
        final String clientId;
        final List<long[]> lastPoll = new ArrayList<>();
        final List<String> codes = new ArrayList<>();
        final HttpClient http;
        int next;

        Server(String name, String base, String authorizationPath, String tokenPath, String clientId, ExecutorService executor) {
            this.name = name;
            this.base = base;
            this.authorizationPath = authorizationPath;
            this.tokenPath = tokenPath;
            this.clientId = clientId;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
        }

        String authorizationForm() {
            return "client_id=" + clientId + "&scope=openid";
        }

        String pollForm(String code) {
            return "grant_type=" + enc(GRANT) + "&device_code=" + enc(code) + "&client_id=" + clientId;
        }

        void add(String code) {
            synchronized (this) {
                codes.add(code);
                lastPoll.add(new long[] {0});
            }
        }

        /** The next code in turn and how long until it may be polled (0: now); marks it polled then. */
        synchronized Object[] take(long now) {
            int i = next++ % codes.size();
            long[] last = lastPoll.get(i);
            long due = Math.max(now, last[0] + POLL_SPACING_MS);
            last[0] = due;
            return new Object[] {codes.get(i), due};
        }

        /** For the open load: the next code free to poll now, or {@code null}. */
        synchronized String free(long now) {
            for (int tried = 0; tried < codes.size(); tried++) {
                int i = next++ % codes.size();
                long[] last = lastPoll.get(i);
                if (now - last[0] >= POLL_SPACING_MS) {
                    last[0] = now;
                    return codes.get(i);
                }
            }
            return null;
        }
    }

    private final Settings settings;

    private PeerComparison(Settings settings) {
        this.settings = settings;
    }

    static Map<String, Object> measure(Settings settings, Path dir) {
        Map<String, Object> out = new LinkedHashMap<>();
        Peer.Availability peer = Peer.install(dir.resolve("peer-install.log"));
        out.put("peer_available", peer.available());
        if (!peer.available()) {
            out.put("peer_skipped_reason", peer.reason());
        }
        out.put("peer_description", "node-oidc-provider " + (peer.oidcProvider() == null ? "(not installed)" : peer.oidcProvider())
                + " on Node.js " + (peer.node() == null ? "(none)" : peer.node())
                + " (src/bench/peer/peer.mjs): device flow on, state in a Map, one public client with the device-code grant");
        out.put("local_mode_description", "LocalMain in its own JVM (the JVM's default JIT, as `mvn -q test-compile exec:exec`),"
                + " cliauth's DynamoDB engine in-process, JDK HttpServer on 127.0.0.1 with TCP_NODELAY");
        out.put("client", "latency: one HTTP/1.1 connection kept alive per server (a raw socket client, TCP_NODELAY),"
                + " one request at a time, alternating between the two servers; load: java.net.http.HttpClient sendAsync");
        out.put("pending_polls", "pool of device codes per server, each polled again no sooner than " + POLL_SPACING_MS
                + " ms (interval 5 s): cliauth answers authorization_pending, never slow_down");
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (LocalMode local = LocalMode.start(dir.resolve("local-mode-peer.log"));
             Peer node = peer.available() ? Peer.start(dir.resolve("peer.log")) : null) {
            List<Server> servers = new ArrayList<>();
            servers.add(new Server("local_mode", local.base(), "/oauth2/device_authorization", "/oauth2/token", "demo-cli", executor));
            if (node != null) {
                servers.add(new Server("peer", node.base(), "/device/auth", "/token", Peer.CLIENT_ID, executor));
            }
            PeerComparison c = new PeerComparison(settings);
            Map<String, Map<String, Object>> latency = c.latency(servers);
            Map<String, Map<String, Object>> load = c.load(servers);
            for (Server s : servers) {
                Map<String, Object> m = new LinkedHashMap<>(latency.get(s.name));
                m.put("base", s.base);
                m.put("pending_poll_load", load.get(s.name));
                out.put(s.name, m);
            }
            if (node != null) {
                out.put("pending_poll_p50_ratio", ratio(out, "pending_poll", "p50_ms"));
                out.put("pending_poll_p99_ratio", ratio(out, "pending_poll", "p99_ms"));
                out.put("device_authorization_p50_ratio", ratio(out, "device_authorization", "p50_ms"));
                out.put("device_authorization_p99_ratio", ratio(out, "device_authorization", "p99_ms"));
                out.put("metadata_p50_ratio", ratio(out, "metadata", "p50_ms"));
            }
        } finally {
            executor.shutdownNow();
        }
        out.put("local_mode_breakdown", breakdown(settings, dir, out));
        return out;
    }

    /**
     * Local mode's pending poll split ({@link PollBreakdownMain}, in a JVM with local mode's flags,
     * after both servers have stopped): the same handler and engine in-process, beside local mode's
     * figures over HTTP measured above.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> breakdown(Settings settings, Path dir, Map<String, Object> out) {
        List<String> args = List.of(Integer.toString(settings.breakdownWarmup()), Integer.toString(settings.peerPollRecorded()));
        Map<String, Object> inProcess = ChildJvm.run(LocalMode.FLAGS, PollBreakdownMain.class.getName(), args, Map.of(),
                dir.resolve("poll-breakdown.log"), 300);
        // The same with Lambda's C1-only flags: what local mode would pay with them.
        Map<String, Object> lambdaJit = ChildJvm.run(ChildJvm.LAMBDA_FLAGS, PollBreakdownMain.class.getName(), args,
                Map.of(), dir.resolve("poll-breakdown.log"), 300);
        Map<String, Object> local = (Map<String, Object>) out.get("local_mode");
        double overHttp = p50(local.get("pending_poll"));
        double metadataOverHttp = p50(local.get("metadata"));
        double handler = p50(inProcess.get("handler_pending_poll"));
        double bare = p50(inProcess.get("bare_update_item"));
        double metadata = p50(inProcess.get("handler_metadata"));
        Map<String, Object> m = new LinkedHashMap<>(inProcess);
        m.put("warmup_iterations", settings.breakdownWarmup());
        m.put("method", "p50s: local mode's pending poll over HTTP (above) = HTTP server and LocalServer's adapter"
                + " (over HTTP - handler in-process) + handler around its DynamoDB call (handler - bare UpdateItem)"
                + " + bare UpdateItem (cliauth's engine in-process with the SDK's marshalling)");
        m.put("http_and_adapter_p50_ms", Percentiles.round(overHttp - handler));
        m.put("http_and_adapter_metadata_p50_ms", Percentiles.round(metadataOverHttp - metadata));
        m.put("handler_around_dynamodb_p50_ms", Percentiles.round(handler - bare));
        m.put("handler_oauth_error_without_dynamodb_p50_ms", p50(inProcess.get("handler_unsupported_grant")));
        m.put("dynamodb_engine_and_sdk_p50_ms", Percentiles.round(bare));
        m.put("lambda_jit", lambdaJit);
        m.put("lambda_jit_handler_pending_poll_ratio", Percentiles.round(p50(lambdaJit.get("handler_pending_poll")) / handler));
        if (out.containsKey("peer")) {
            double peer = p50(((Map<String, Object>) out.get("peer")).get("pending_poll"));
            m.put("peer_pending_poll_p50_ms", peer);
            m.put("handler_pending_poll_in_process_to_peer_over_http", Percentiles.round(handler / peer));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static double p50(Object summary) {
        return ((Number) ((Map<String, Object>) summary).get("p50_ms")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static double ratio(Map<String, Object> out, String request, String field) {
        double local = ((Number) ((Map<String, Object>) ((Map<String, Object>) out.get("local_mode")).get(request)).get(field)).doubleValue();
        double peer = ((Number) ((Map<String, Object>) ((Map<String, Object>) out.get("peer")).get(request)).get(field)).doubleValue();
        return Percentiles.round(local / peer);
    }

    // ---- latency on one kept-alive connection ---------------------------------------------------

    private Map<String, Map<String, Object>> latency(List<Server> servers) {
        int n = servers.size();
        List<KeepAliveClient> clients = servers.stream().map(s -> new KeepAliveClient(s.base)).toList();
        try {
            long[][] authorization = new long[n][settings.peerRecorded()];
            for (int i = 0; i < settings.peerWarmup() + settings.peerRecorded(); i++) {
                for (int k = 0; k < n; k++) {
                    Server s = servers.get(k);
                    long t = System.nanoTime();
                    KeepAliveClient.Response r = clients.get(k).post(s.authorizationPath, s.authorizationForm());
                    long took = System.nanoTime() - t;
                    expect(s, r, 200, "\"device_code\"", "device authorization");
                    s.add(deviceCode(r.body()));
                    if (i >= settings.peerWarmup()) {
                        authorization[k][i - settings.peerWarmup()] = took;
                    }
                }
            }
            long[][] metadata = new long[n][settings.peerRecorded()];
            for (int i = 0; i < settings.peerWarmup() + settings.peerRecorded(); i++) {
                for (int k = 0; k < n; k++) {
                    Server s = servers.get(k);
                    long t = System.nanoTime();
                    KeepAliveClient.Response r = clients.get(k).get(METADATA);
                    long took = System.nanoTime() - t;
                    expect(s, r, 200, "\"device_authorization_endpoint\"", "metadata");
                    if (i >= settings.peerWarmup()) {
                        metadata[k][i - settings.peerWarmup()] = took;
                    }
                }
            }
            long[][] poll = new long[n][settings.peerPollRecorded()];
            for (int i = 0; i < settings.peerPollWarmup() + settings.peerPollRecorded(); i++) {
                for (int k = 0; k < n; k++) {
                    Server s = servers.get(k);
                    Object[] next = s.take(System.currentTimeMillis());
                    waitUntil((Long) next[1]);
                    long t = System.nanoTime();
                    KeepAliveClient.Response r = clients.get(k).post(s.tokenPath, s.pollForm((String) next[0]));
                    long took = System.nanoTime() - t;
                    expect(s, r, 400, "authorization_pending", "pending poll");
                    if (i >= settings.peerPollWarmup()) {
                        poll[k][i - settings.peerPollWarmup()] = took;
                    }
                }
            }
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (int k = 0; k < n; k++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("device_authorization", new Percentiles(authorization[k]).summary());
                m.put("pending_poll", new Percentiles(poll[k]).summary());
                m.put("pending_poll_p50_by_half_ms", halves(poll[k]));
                m.put("metadata", new Percentiles(metadata[k]).summary());
                m.put("connections_opened", clients.get(k).connections());
                out.put(servers.get(k).name, m);
            }
            return out;
        } finally {
            clients.forEach(KeepAliveClient::close);
        }
    }

    /**
     * The p50 of the first and of the second half of the recorded polls, in order: close together
     * when the warm-up brought the server (and its JIT) to a steady state before recording began.
     */
    private static List<Double> halves(long[] nanos) {
        int mid = nanos.length / 2;
        return List.of(Percentiles.round(new Percentiles(Arrays.copyOfRange(nanos, 0, mid)).p50()),
                Percentiles.round(new Percentiles(Arrays.copyOfRange(nanos, mid, nanos.length)).p50()));
    }

    // ---- open-model load of pending polls ------------------------------------------------------

    private Map<String, Map<String, Object>> load(List<Server> servers) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Map<String, OpenLoad.Step> idle = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> steps = new LinkedHashMap<>();
        Map<String, Double> sustained = new LinkedHashMap<>();
        Map<String, Double> failing = new LinkedHashMap<>();
        waitUntil(System.currentTimeMillis() + POLL_SPACING_MS);   // every code polled above is free again
        for (Server s : servers) {
            grow(s, settings.peerIdleRate() * POLL_SPACING_MS / 1000.0 * 1.2 + 20);
            idle.put(s.name, OpenLoad.run(settings.peerIdleRate(), settings.loadIdleSeconds(), scenario(s), 30));
            steps.put(s.name, new ArrayList<>());
            sustained.put(s.name, idle.get(s.name).errors() == 0 ? settings.peerIdleRate() : 0);
        }
        for (double rate : settings.peerRates()) {
            for (Server s : servers) {
                if (failing.containsKey(s.name)) {
                    continue;
                }
                grow(s, rate * POLL_SPACING_MS / 1000.0 * 1.2 + 20);
                OpenLoad.Step step = OpenLoad.run(rate, settings.loadStepSeconds(), scenario(s), 30);
                boolean passed = step.errors() == 0 && step.latency().p99() <= 3 * idle.get(s.name).latency().p99();
                steps.get(s.name).add(step.describe(passed));
                if (passed) {
                    sustained.put(s.name, rate);
                } else {
                    failing.put(s.name, rate);
                }
            }
        }
        for (Server s : servers) {
            OpenLoad.Step i = idle.get(s.name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("idle_rate_per_s", settings.peerIdleRate());
            m.put("idle_requests", i.latency().count());
            m.put("idle_errors", i.errors());
            if (!i.errorSamples().isEmpty()) {
                m.put("idle_error_samples", i.errorSamples());
            }
            m.put("idle_p50_ms", Percentiles.round(i.latency().p50()));
            m.put("idle_p99_ms", Percentiles.round(i.latency().p99()));
            m.put("p99_limit_ms", Percentiles.round(3 * i.latency().p99()));
            m.put("sustained_rate_per_s", sustained.get(s.name));
            m.put("first_failing_rate_per_s", failing.get(s.name));
            m.put("limited_by_highest_step", !failing.containsKey(s.name));
            m.put("device_codes_in_pool", s.codes.size());
            m.put("steps", steps.get(s.name));
            out.put(s.name, m);
        }
        return out;
    }

    private OpenLoad.Scenario scenario(Server s) {
        return (intended, rec) -> {
            String code = s.free(System.currentTimeMillis());
            if (code == null) {
                rec.error("no device code free to poll: pool too small");
                return CompletableFuture.completedFuture(null);
            }
            return post(s, s.tokenPath, s.pollForm(code)).thenAccept(r -> {
                rec.latency(System.nanoTime() - intended);
                if (r.statusCode() != 400 || !r.body().contains("authorization_pending")) {
                    throw new IllegalStateException(s.name + " pending poll: " + r.statusCode() + " " + shorten(r.body()));
                }
            });
        };
    }

    /** Adds device codes (8 requests in flight) until the pool holds {@code size}. */
    private static void grow(Server s, double size) {
        int missing = (int) Math.ceil(size) - s.codes.size();
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<Void>> created = new ArrayList<>();
        for (int i = 0; i < missing; i++) {
            inFlight.acquireUninterruptibly();
            created.add(post(s, s.authorizationPath, s.authorizationForm()).thenAccept(r -> {
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(s.name + " device authorization: " + r.statusCode() + " " + shorten(r.body()));
                }
                s.add(deviceCode(r.body()));
            }).whenComplete((r, e) -> inFlight.release()));
        }
        created.forEach(CompletableFuture::join);
    }

    private static CompletableFuture<HttpResponse<String>> post(Server s, String path, String form) {
        return s.http.sendAsync(HttpRequest.newBuilder(URI.create(s.base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "cliauth-bench/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(Server s, KeepAliveClient.Response r, int status, String marker, String what) {
        if (r.status() != status || !r.body().contains(marker)) {
            throw new IllegalStateException(s.name + " " + what + ": " + r.status() + " " + shorten(r.body()));
        }
    }

    private static String deviceCode(String json) {
        Matcher m = DEVICE_CODE.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no device_code in " + shorten(json));
        }
        return m.group(1);
    }

    private static void waitUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
