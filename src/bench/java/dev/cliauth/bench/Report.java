package dev.cliauth.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown table printed to standard output (and kept as {@code results.md}). */
final class Report {

    private static final Map<String, String> NAMES = Map.of(
            "device_authorization", "device authorization",
            "pending_poll", "poll while pending",
            "code_lookup", "code lookup on the page",
            "approval", "approval",
            "redemption", "poll that redeems",
            "jwks", "JWKS",
            "metadata", "metadata",
            "token", "token",
            "verification", "verification");

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
        Map<String, Object> cold = (Map<String, Object>) r.get("cold_start");
        for (String h : List.of("device_authorization", "token", "verification")) {
            Map<String, Object> c = (Map<String, Object>) cold.get(h);
            m.row("cold start, median of " + cold.get("runs_per_handler") + "; heap after 1st request",
                    NAMES.get(h) + ": " + c.get("request"),
                    ms0(c.get("median_ms")) + " ms; " + c.get("heap_used_mb") + " MB",
                    ms0(c.get("baseline_median_ms")) + " ms; " + c.get("baseline_heap_used_mb") + " MB",
                    x(c.get("ratio")), "≤ 1.5×", yes(num(c.get("ratio")) <= Goals.COLD_START_GOAL));
        }
        Map<String, Object> cap = (Map<String, Object>) r.get("capacity");
        Map<String, Object> cost = (Map<String, Object>) r.get("cost");
        m.row("capacity per complete login", cap.get("pending_polls_per_login") + " pending polls",
                fmt(num(cap.get("write_request_units_per_login"))) + " WRU + " + fmt(num(cap.get("read_request_units_per_login")))
                        + " RRU (" + fmt(num(cap.get("write_request_units_per_pending_poll"))) + " WRU per poll)", "", "", "", "");
        m.row("cost per million logins", "DynamoDB on demand", "$" + cost.get("per_million_logins_usd"), "", "", "", "");
        m.row("cost per million logins", "+ Lambda requests + HTTP API requests",
                "$" + cost.get("dynamodb_lambda_requests_http_api_per_million_logins_usd"), "", "", "", "");
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
        m.line("");
        Map<String, Object> prices = (Map<String, Object>) cost.get("prices");
        m.line("Prices assumed: " + prices.get("region") + " on demand, $" + prices.get("dynamodb_on_demand_usd_per_million_write_request_units")
                + " per million WRU, $" + prices.get("dynamodb_on_demand_usd_per_million_read_request_units")
                + " per million RRU, Lambda $" + prices.get("lambda_usd_per_million_requests") + " and HTTP API $"
                + prices.get("http_api_usd_per_million_requests") + " per million requests (as of " + prices.get("as_of") + ").");
        m.line("Warm latency and signing run in a JVM with " + String.join(" ", ChildJvm.LAMBDA_FLAGS)
                + ", as do cold starts and local mode. All figures: results.json beside this table.");
        return m.out.toString();
    }

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

    private static String pct(Object o) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * num(o));
    }

    private static String yes(Object ok) {
        return Boolean.TRUE.equals(ok) ? "yes" : "**no**";
    }
}
