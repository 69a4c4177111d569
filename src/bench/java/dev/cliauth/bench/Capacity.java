package dev.cliauth.bench;

import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.cliauth.testing.Logins.enc;

/**
 * DynamoDB capacity of one complete login through the real handlers, warm (client, keys and session
 * key cached), with a stated number of pending polls 5 s apart: device authorization, the polls,
 * the browser opening the page, entering the code, signing in, approving, and the redemption.
 * Billed units come from {@link CapacityMeter}; the cost from {@link Prices}.
 */
final class Capacity {

    private final Functions functions;
    private final CapacityMeter meter;
    private final Logins logins;
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private double write;
    private double gsi;
    private double read;
    private double reported;
    private double reportedGsi;
    private int largestItem;
    private double pollWrite;
    private double pollGsi;

    Capacity(Functions functions, CapacityMeter meter) {
        this.functions = functions;
        this.meter = meter;
        this.logins = new Logins(functions);
    }

    /** Measures one login with {@code pendingPolls} polls; the functions must already be warm. */
    Map<String, Object> measure(int pendingPolls) {
        meter.drain();
        meter.enable(true);
        try {
            var started = step("device_authorization", logins::start);
            for (int i = 0; i < pendingPolls; i++) {
                var r = step("pending_poll", () -> logins.poll(started.deviceCode()));
                expect(r.getStatusCode() == 400 && r.getBody().contains("authorization_pending"), "pending poll", r.getBody());
                functions.clock.advance(Duration.ofSeconds(5));
            }
            EventBrowser browser = new EventBrowser(functions.verification);
            step("verification_page", () -> browser.get("user_code=" + started.userCode()));
            step("code_entry_signed_out", () -> browser.post("/device", "csrf=" + enc(browser.csrf())
                    + "&user_code=" + started.userCode()));
            step("sign_in", () -> browser.post("/device/signin", "csrf=" + enc(browser.csrf())
                    + "&user_code=" + started.userCode() + "&username=demo%40example.com&password=demo-password"));
            var approved = step("approval", () -> browser.decide("approve"));
            expect(approved.getStatusCode() == 200, "approval", approved.getBody());
            functions.clock.advance(Duration.ofSeconds(5));
            var tokens = step("redemption", () -> logins.poll(started.deviceCode()));
            expect(tokens.getStatusCode() == 200, "redemption", tokens.getBody());
        } finally {
            meter.enable(false);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("flow", "device authorization, " + pendingPolls + " pending polls 5 s apart, verification page, code entry,"
                + " sign-in, approval, redemption; warm functions");
        out.put("pending_polls_per_login", pendingPolls);
        out.put("write_request_units_per_login", write + gsi);
        out.put("read_request_units_per_login", read);
        out.put("table_write_request_units_per_login", write);
        out.put("gsi_write_request_units_per_login", gsi);
        out.put("write_request_units_per_pending_poll", pendingPolls == 0 ? 0 : pollWrite / pendingPolls);
        out.put("gsi_write_request_units_per_pending_poll", pendingPolls == 0 ? 0 : pollGsi / pendingPolls);
        out.put("write_request_units_without_polls", write + gsi - pollWrite);
        out.put("largest_item_bytes", largestItem);
        out.put("engine_reported_capacity_units_per_login", reported);
        out.put("engine_reported_gsi_write_units_per_login", reportedGsi);
        out.put("indexes", meter.indexes().stream().map(CapacityMeter.Index::describe).toList());
        out.put("model", List.of(
                "reads: 0.5 RRU per 4 KB eventually consistent (GSI queries), 1 RRU per 4 KB strongly consistent",
                "writes: 1 WRU per KB of the larger of old and new item; x2 inside TransactWriteItems,"
                        + " ConditionCheck items included",
                "GSIs as template.yaml defines them (key schema and projection, see indexes): 1 WRU per KB of index"
                        + " entry for each entry put, changed or removed, at the standard (non-transactional) rate;"
                        + " a write that changes only attributes an index does not project costs it nothing",
                "engine_reported_*: what cliauth's DynamoDB engine answered to ReturnConsumedCapacity=INDEXES (the same"
                        + " documented rules; GSI writes inside transactions at the standard rate), a cross-check, not billed"));
        out.put("steps", steps);
        return out;
    }

    /**
     * What a refresh token adds: the same login redeemed on WorkOS's path (whose redemption also
     * stores a refresh token) against the plain redemption, and one refresh. Started and approved
     * outside the meter; each figure metered on its own, apart from the login's totals.
     */
    Map<String, Object> refresh() {
        var started = logins.start();
        logins.approve(started.userCode());
        functions.clock.advance(Duration.ofSeconds(5));
        meter.drain();
        meter.enable(true);
        double[] redeem;
        double[] refresh;
        try {
            var tokens = Functions.invoke(functions.token, Events.load("token-poll").path("/user_management/authenticate")
                    .form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code") + "&device_code="
                            + enc(started.deviceCode()) + "&client_id=demo-cli").build());
            expect(tokens.getStatusCode() == 200, "WorkOS redemption", tokens.getBody());
            redeem = units(meter.drain());
            String refreshToken = (String) Functions.json(tokens).get("refresh_token");
            var refreshed = Functions.invoke(functions.token, Events.load("token-poll")
                    .form("grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=demo-cli").build());
            expect(refreshed.getStatusCode() == 200, "refresh", refreshed.getBody());
            refresh = units(meter.drain());
        } finally {
            meter.enable(false);
        }
        double plainRedemption = steps.stream().filter(s -> "redemption".equals(s.get("step")))
                .mapToDouble(s -> ((Number) s.get("write_request_units")).doubleValue()
                        + ((Number) s.get("gsi_write_request_units")).doubleValue()).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("flow", "the login above redeemed with a refresh token (WorkOS's path), then one refresh_token grant");
        out.put("redemption_with_refresh_token_write_request_units", redeem[0]);
        out.put("redemption_with_refresh_token_read_request_units", redeem[1]);
        out.put("refresh_token_extra_write_request_units", redeem[0] - plainRedemption);
        out.put("refresh_write_request_units", refresh[0]);
        out.put("refresh_read_request_units", refresh[1]);
        out.put("login_and_one_refresh_write_request_units", write + gsi + (redeem[0] - plainRedemption) + refresh[0]);
        out.put("login_and_one_refresh_read_request_units", read + refresh[1]);
        return out;
    }

    private static double[] units(List<CapacityMeter.Call> calls) {
        return new double[]{calls.stream().mapToDouble(c -> c.writeUnits() + c.gsiWriteUnits()).sum(),
                calls.stream().mapToDouble(CapacityMeter.Call::readUnits).sum()};
    }

    private <T> T step(String name, Supplier<T> request) {
        T result = request.get();
        List<CapacityMeter.Call> calls = meter.drain();
        double w = calls.stream().mapToDouble(CapacityMeter.Call::writeUnits).sum();
        double g = calls.stream().mapToDouble(CapacityMeter.Call::gsiWriteUnits).sum();
        double r = calls.stream().mapToDouble(CapacityMeter.Call::readUnits).sum();
        double rep = calls.stream().mapToDouble(CapacityMeter.Call::reported).sum();
        double repGsi = calls.stream().mapToDouble(CapacityMeter.Call::reportedGsiWrites).sum();
        write += w;
        gsi += g;
        read += r;
        reported += rep;
        reportedGsi += repGsi;
        largestItem = Math.max(largestItem, calls.stream().mapToInt(CapacityMeter.Call::largestItemBytes).max().orElse(0));
        if (name.equals("pending_poll")) {
            pollWrite += w + g;
            pollGsi += g;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", name);
        s.put("operations", calls.stream().map(CapacityMeter.Call::operation).toList());
        s.put("write_request_units", w);
        s.put("gsi_write_request_units", g);
        s.put("read_request_units", r);
        s.put("engine_reported_units", rep);
        s.put("engine_reported_gsi_write_units", repGsi);
        steps.add(s);
        return result;
    }

    private static void expect(boolean ok, String what, String body) {
        if (!ok) {
            throw new IllegalStateException(what + " failed in the capacity flow: " + body);
        }
    }
}
