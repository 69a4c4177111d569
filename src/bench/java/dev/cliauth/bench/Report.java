package dev.cliauth.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown table printed to standard output (and kept as {@code results.md}). */
final class Report {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("device_authorization", "device authorization"),
            Map.entry("pending_poll", "poll while pending"),
            Map.entry("code_lookup", "code lookup on the page"),
            Map.entry("approval", "approval"),
            Map.entry("redemption", "poll that redeems"),
            Map.entry("workos_redemption", "WorkOS authenticate that redeems"),
            Map.entry("refresh", "refresh (rotation)"),
            Map.entry("jwks", "JWKS"),
            Map.entry("metadata", "metadata"),
            Map.entry("token", "token"),
            Map.entry("verification", "verification"),
            Map.entry("portal", "portal"));

    private final StringBuilder out = new StringBuilder();

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        Report m = new Report();
        Map<String, Object> machine = (Map<String, Object>) r.get("machine");
        m.line("### cliauth benchmark, " + machine.get("date_utc"));
        m.line("");
        m.line(machine.get("nproc") + " cores (" + machine.get("cpu") + "), " + machine.get("memory_mb") + " MB, "
                + machine.get("jdk") + ", " + machine.get("os") + "; profile `" + ((Map<String, Object>) r.get("settings")).get("profile")
                + "`, wall time " + r.get("wall_time_s") + " s, load average " + machine.get("loadavg_at_start")
                + " at start and " + machine.get("loadavg_at_end") + " at end");
        m.line("");
        m.line("| figure | endpoint / handler | measured | floor / baseline | ratio | goal | met |");
        m.line("|---|---|---|---|---|---|---|");
        Map<String, Object> detail = (Map<String, Object>) r.get("calls_detail");
        for (String e : CallCounts.BUDGET.keySet()) {
            Map<String, Object> d = (Map<String, Object>) detail.get(e);
            List<?> ops = (List<?>) d.get("operations");
            m.row("DynamoDB calls, warm", NAMES.get(e), ops.size() + (ops.isEmpty() ? "" : " (" + String.join(" + ", (List<String>) ops) + ")"),
                    "", "", (e.equals("pending_poll") || Integer.valueOf(0).equals(d.get("budget")) ? "= " : "≤ ") + d.get("budget"), yes(d.get("within_budget")));
        }
        Map<String, Object> latency = (Map<String, Object>) r.get("latency");
        latency.forEach((e, v) -> {
            Map<String, Object> l = (Map<String, Object>) v;
            boolean floor = l.containsKey("ratio_p50");
            m.row("warm latency p50 / p99", NAMES.getOrDefault(e, e),
                    ms(l.get("p50_ms")) + " / " + ms(l.get("p99_ms")) + " ms",
                    floor ? ms(l.get("floor_p50_ms")) + " / " + ms(l.get("floor_p99_ms")) + " ms" : "no DynamoDB call",
                    floor ? x(l.get("ratio_p50")) + " / " + x(l.get("ratio_p99")) : "—",
                    floor ? "≤ 1.5× / ≤ 2.5×" : "—",
                    floor ? yes(num(l.get("ratio_p50")) <= Goals.LATENCY_P50_GOAL && num(l.get("ratio_p99")) <= Goals.LATENCY_P99_GOAL) : "—");
        });
        Map<String, Object> first = (Map<String, Object>) r.get("first_request");
        for (String h : FirstRequest.HANDLERS) {
            Map<String, Object> f = (Map<String, Object>) first.get(h);
            for (String mode : List.of("primed", "unprimed")) {
                Map<String, Object> v = (Map<String, Object>) f.get(mode);
                boolean primed = mode.equals("primed");
                m.row("first request after init, " + (primed ? "primed" : "not primed") + ", median of " + first.get("runs_per_mode"),
                        NAMES.get(h) + ": " + f.get("request"),
                        ms(v.get("first_request_ms")) + " ms (CPU " + ms(v.get("first_request_cpu_ms")) + " ms; "
                                + v.get("first_request_classes_loaded") + " classes)",
                        "warm p50 " + ms(v.get("warm_p50_ms")) + " ms, same JVMs",
                        x(v.get("ratio_to_warm_p50")),
                        primed ? "≤ 3×" : "reported",
                        primed ? yes(num(v.get("ratio_to_warm_p50")) <= Goals.FIRST_REQUEST_GOAL) : "—");
            }
            Map<String, Object> primed = (Map<String, Object>) f.get("primed");
            if (primed.containsKey("ratio_to_warm_p50_plus_session_key_read")) {
                m.row("first request after init, primed, beside the read it must make",
                        NAMES.get(h) + ": the same request",
                        ms(primed.get("first_request_ms")) + " ms",
                        "warm p50 " + ms(primed.get("warm_p50_ms")) + " ms + the session key's GetItem "
                                + ms(primed.get("session_key_read_p50_ms")) + " ms, same JVMs",
                        x(primed.get("ratio_to_warm_p50_plus_session_key_read")), "reported", "—");
                Map<String, Object> loaded = (Map<String, Object>) ((Map<String, Object>) f.get("diagnostics"))
                        .get("primed_session_key_loaded");
                m.row("first request after init, primed, the session key read just before it (diagnostic), median of "
                                + first.get("diagnostic_runs_per_mode"),
                        NAMES.get(h) + ": the same request",
                        ms(loaded.get("first_request_ms")) + " ms (CPU " + ms(loaded.get("first_request_cpu_ms")) + " ms)",
                        "warm p50 " + ms(loaded.get("warm_p50_ms")) + " ms, same JVMs; the read before it "
                                + ms(loaded.get("session_key_load_ms")) + " ms",
                        x(loaded.get("ratio_to_warm_p50")), "reported", "—");
            }
        }
        Map<String, Object> cold = (Map<String, Object>) r.get("cold_start");
        for (String h : ColdStart.HANDLERS) {
            Map<String, Object> c = (Map<String, Object>) cold.get(h);
            m.row("cold start without SnapStart, median of " + cold.get("runs_per_handler") + "; heap after 1st request; classes",
                    NAMES.get(h) + ": " + c.get("request"),
                    ms0(c.get("median_ms")) + " ms; " + c.get("heap_used_mb") + " MB; " + c.get("classes_loaded"),
                    ms0(c.get("baseline_median_ms")) + " ms; " + c.get("baseline_heap_used_mb") + " MB; " + c.get("baseline_classes_loaded"),
                    x(c.get("ratio")), "reported", "—");
        }
        for (String h : ColdStart.HANDLERS) {
            Map<String, Object> jar = (Map<String, Object>) ((Map<String, Object>) cold.get(h)).get("jar");
            Map<String, Object> cds = (Map<String, Object>) ((Map<String, Object>) cold.get(h)).get("appcds");
            m.row("cold start, classes in jars: without / with AppCDS", NAMES.get(h),
                    ms0(jar.get("median_ms")) + " / " + ms0(cds.get("median_ms")) + " ms (AppCDS " + x(cds.get("ratio_to_jar")) + ")",
                    ms0(jar.get("baseline_median_ms")) + " / " + ms0(cds.get("baseline_median_ms")) + " ms (AppCDS "
                            + x(cds.get("baseline_ratio_to_jar")) + ")",
                    x(jar.get("ratio")) + " / " + x(cds.get("ratio")), "reported", "—");
        }
        Map<String, Object> cap = (Map<String, Object>) r.get("capacity");
        Map<String, Object> cost = (Map<String, Object>) r.get("cost");
        m.row("capacity per complete login", cap.get("pending_polls_per_login") + " pending polls",
                fmt(num(cap.get("write_request_units_per_login"))) + " WRU + " + fmt(num(cap.get("read_request_units_per_login")))
                        + " RRU (" + fmt(num(cap.get("write_request_units_per_pending_poll"))) + " WRU per poll)", "", "", "", "");
        m.row("cost per million logins", "DynamoDB on demand", "$" + cost.get("per_million_logins_usd"), "", "", "", "");
        m.row("cost per million logins", "+ Lambda requests + HTTP API requests",
                "$" + cost.get("dynamodb_lambda_requests_http_api_per_million_logins_usd"), "", "", "", "");
        Map<String, Object> capR = (Map<String, Object>) r.get("capacity_with_refresh");
        Map<String, Object> costR = (Map<String, Object>) r.get("cost_with_refresh");
        if (capR != null && costR != null) {
            m.row("capacity, refresh tokens", "refresh token stored at redemption / one refresh",
                    fmt(num(capR.get("refresh_token_extra_write_request_units"))) + " WRU / "
                            + fmt(num(capR.get("refresh_write_request_units"))) + " WRU + "
                            + fmt(num(capR.get("refresh_read_request_units"))) + " RRU", "", "", "", "");
            m.row("cost per million logins", "with a refresh token and one refresh: DynamoDB / + requests",
                    "$" + costR.get("per_million_logins_usd") + " / $"
                            + costR.get("dynamodb_lambda_requests_http_api_per_million_logins_usd"), "", "", "", "");
        }
        Map<String, Object> tp = (Map<String, Object>) r.get("throughput");
        Map<String, Object> poll = (Map<String, Object>) tp.get("pending_poll");
        Map<String, Object> login = (Map<String, Object>) tp.get("login");
        m.row("throughput, local mode", "pending polls",
                rate(poll) + "/s (idle p99 " + ms(poll.get("idle_p99_ms")) + " ms)", "next step " + knee(poll), "",
                "p99 ≤ 3× idle, 0 errors", "");
        m.row("throughput, local mode", "complete logins",
                rate(login) + " logins/s = " + fmt(num(login.get("sustained_requests_per_s"))) + " req/s (idle p99 "
                        + ms(login.get("idle_p99_ms")) + " ms)", "next step " + knee(login), "", "p99 ≤ 3× idle, 0 errors", "");
        Map<String, Object> s = (Map<String, Object>) r.get("signing");
        m.row("ES256 signing, Lambda flags", "per token / mint (2 tokens)",
                ms(s.get("es256_sign_p50_ms")) + " ms p50 (first " + ms0(s.get("es256_first_sign_ms")) + " ms; "
                        + ms(s.get("es256_sign_p50_ms_default_jit")) + " ms with C2) / " + ms(s.get("mint_p50_ms")) + " ms",
                "redemption p50 " + ms(s.get("redemption_p50_ms")) + " ms",
                pct(s.get("share_of_redemption_p50")) + " of redemption", "", "");
        peerRows(m, (Map<String, Object>) r.get("peer_comparison"));
        m.line("");
        Map<String, Object> prices = (Map<String, Object>) cost.get("prices");
        m.line("Prices assumed: " + prices.get("region") + " on demand, $" + prices.get("dynamodb_on_demand_usd_per_million_write_request_units")
                + " per million WRU, $" + prices.get("dynamodb_on_demand_usd_per_million_read_request_units")
                + " per million RRU, Lambda $" + prices.get("lambda_usd_per_million_requests") + " and HTTP API $"
                + prices.get("http_api_usd_per_million_requests") + " per million requests (as of " + prices.get("as_of") + ").");
        m.line("Warm latency and signing run in a JVM with " + String.join(" ", ChildJvm.LAMBDA_FLAGS)
                + ", as do first requests and cold starts; local mode runs with " + (LocalMode.FLAGS.isEmpty() ? "the JVM's default JIT"
                : String.join(" ", LocalMode.FLAGS)) + ", as exec:exec starts it. All figures: results.json beside this table.");
        return m.out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void peerRows(Report m, Map<String, Object> p) {
        String figure = "local mode beside node-oidc-provider, one kept-alive connection";
        if (!Boolean.TRUE.equals(p.get("peer_available"))) {
            m.row(figure, "peer skipped", String.valueOf(p.get("peer_skipped_reason")), "", "", "", "");
            return;
        }
        Map<String, Object> local = (Map<String, Object>) p.get("local_mode");
        Map<String, Object> peer = (Map<String, Object>) p.get("peer");
        for (String request : List.of("pending_poll", "device_authorization", "metadata")) {
            Map<String, Object> l = (Map<String, Object>) local.get(request);
            Map<String, Object> q = (Map<String, Object>) peer.get(request);
            boolean goal = request.equals("pending_poll");
            m.row(figure, PEER_NAMES.get(request) + " p50 / p99",
                    ms(l.get("p50_ms")) + " / " + ms(l.get("p99_ms")) + " ms",
                    ms(q.get("p50_ms")) + " / " + ms(q.get("p99_ms")) + " ms",
                    x(num(l.get("p50_ms")) / num(q.get("p50_ms"))) + " / " + x(num(l.get("p99_ms")) / num(q.get("p99_ms"))),
                    goal ? "p50 ≤ 2×" : "—",
                    goal ? yes(num(p.get("pending_poll_p50_ratio")) <= Goals.PEER_POLL_GOAL) : "—");
        }
        Map<String, Object> ll = (Map<String, Object>) local.get("pending_poll_load");
        Map<String, Object> pl = (Map<String, Object>) peer.get("pending_poll_load");
        m.row("local mode beside node-oidc-provider, open model", "pending polls",
                rate(ll) + "/s (idle p99 " + ms(ll.get("idle_p99_ms")) + " ms; next step " + knee(ll) + ")",
                rate(pl) + "/s (idle p99 " + ms(pl.get("idle_p99_ms")) + " ms; next step " + knee(pl) + ")",
                x(num(ll.get("sustained_rate_per_s")) / num(pl.get("sustained_rate_per_s"))), "p99 ≤ 3× idle, 0 errors", "");
        Map<String, Object> b = (Map<String, Object>) p.get("local_mode_breakdown");
        m.row("local mode's pending poll p50, split", "HTTP server + adapter / handler / DynamoDB engine + SDK",
                ms(b.get("http_and_adapter_p50_ms")) + " / " + ms(b.get("handler_around_dynamodb_p50_ms")) + " / "
                        + ms(b.get("dynamodb_engine_and_sdk_p50_ms")) + " ms",
                "peer's whole poll " + ms(b.get("peer_pending_poll_p50_ms")) + " ms",
                x(b.get("handler_pending_poll_in_process_to_peer_over_http")) + " (handler in-process)",
                "", "");
        m.row("local mode's pending poll p50, split", "handler in-process: a 200 without DynamoDB (metadata) / an OAuth error without DynamoDB",
                ms(((Map<String, Object>) b.get("handler_metadata")).get("p50_ms")) + " / "
                        + ms(b.get("handler_oauth_error_without_dynamodb_p50_ms")) + " ms",
                "", "", "", "");
        Map<String, Object> d = (Map<String, Object>) b.get("lambda_jit");
        m.row("local mode's pending poll p50, split", "handler in-process: local mode's default JIT / Lambda's C1 only",
                ms(((Map<String, Object>) b.get("handler_pending_poll")).get("p50_ms")) + " / "
                        + ms(((Map<String, Object>) d.get("handler_pending_poll")).get("p50_ms")) + " ms",
                "", x(b.get("lambda_jit_handler_pending_poll_ratio")), "", "");
    }

    private static final Map<String, String> PEER_NAMES = Map.of(
            "pending_poll", "poll while pending",
            "device_authorization", "device authorization",
            "metadata", "metadata (no storage)");

    private static String rate(Map<String, Object> t) {
        String r = fmt(num(t.get("sustained_rate_per_s")));
        return Boolean.TRUE.equals(t.get("limited_by_highest_step")) ? "≥ " + r : r;
    }

    /** Where the stepping stopped: the failing rate, its p99 and errors. */
    @SuppressWarnings("unchecked")
    private static String knee(Map<String, Object> t) {
        Object failing = t.get("first_failing_rate_per_s");
        if (failing == null) {
            return "none failed up to the highest step";
        }
        List<Map<String, Object>> steps = (List<Map<String, Object>>) t.get("steps");
        Map<String, Object> last = steps.get(steps.size() - 1);
        return fmt(num(failing)) + "/s: p99 " + ms(last.get("p99_ms")) + " ms, " + last.get("errors") + " errors";
    }

    private void row(String... cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ms(Object o) {
        return String.format(Locale.ROOT, "%.2f", num(o));
    }

    private static String ms0(Object o) {
        return String.format(Locale.ROOT, "%.0f", num(o));
    }

    private static String x(Object o) {
        return String.format(Locale.ROOT, "%.2f×", num(o));
    }

    private static String x(double v) {
        return String.format(Locale.ROOT, "%.2f×", v);
    }

    private static String pct(Object o) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * num(o));
    }

    private static String yes(Object ok) {
        return Boolean.TRUE.equals(ok) ? "yes" : "**no**";
    }
}
