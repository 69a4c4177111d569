package dev.cliauth.bench;

import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;

/**
 * DynamoDB round trips per endpoint, counted exactly by an SDK execution interceptor
 * ({@link CallCounter}) inside the handlers' own client: first the cold first request of each
 * function, then every endpoint warm, against the SPEC §10 budget.
 */
final class CallCounts {

    /** SPEC §10: the most DynamoDB calls each warm request may make. */
    static final Map<String, Integer> BUDGET = budget();

    private final Functions functions;
    private final CallCounter counter;
    private final Logins logins;
    private final Map<String, List<String>> warm = new LinkedHashMap<>();
    private final Map<String, List<String>> cold = new LinkedHashMap<>();
    private final List<String> all = new ArrayList<>();

    CallCounts(Functions functions, CallCounter counter) {
        this.functions = functions;
        this.counter = counter;
        this.logins = new Logins(functions);
    }

    private static Map<String, Integer> budget() {
        Map<String, Integer> b = new LinkedHashMap<>();
        b.put("device_authorization", 2);
        b.put("pending_poll", 1);
        b.put("code_lookup", 4);
        b.put("approval", 2);
        b.put("redemption", 2);
        b.put("workos_redemption", 2);
        b.put("refresh", 2);
        b.put("jwks", 0);
        b.put("metadata", 0);
        return b;
    }

    /** Counts everything; must run on functions that have served nothing yet. */
    Map<String, Object> measure() {
        // Cold: the first request each function serves (clients, keys and the session key not yet cached).
        var first = record(cold, "device_authorization", logins::start);
        record(cold, "pending_poll", () -> logins.poll(first.deviceCode()));
        record(cold, "jwks", () -> Functions.invoke(functions.token, Events.load("jwks").build()));
        record(cold, "verification_page", () -> new EventBrowser(functions.verification).get(null));

        // Warm: the path of one login, as DynamoCallsTest walks it.
        var started = record(warm, "device_authorization", logins::start);
        record(warm, "pending_poll", () -> logins.poll(started.deviceCode()));
        EventBrowser browser = new EventBrowser(functions.verification);
        record(warm, "verification_page", () -> browser.get("user_code=" + started.userCode()));
        record(warm, "code_entry_signed_out", () -> browser.post("/device",
                "csrf=" + enc(browser.csrf()) + "&user_code=" + started.userCode()));
        record(warm, "sign_in", () -> browser.post("/device/signin", "csrf=" + enc(browser.csrf())
                + "&user_code=" + started.userCode() + "&username=demo%40example.com&password=demo-password"));
        record(warm, "code_lookup", () -> browser.post("/device",
                "csrf=" + enc(browser.csrf()) + "&user_code=" + started.userCode()));
        record(warm, "approval", () -> browser.decide("approve"));
        functions.clock.advance(Duration.ofSeconds(5));
        var redeemed = record(warm, "redemption", () -> logins.poll(started.deviceCode()));
        if (redeemed.getStatusCode() != 200) {
            throw new IllegalStateException("redemption failed: " + redeemed.getBody());
        }
        // WorkOS's path: a redemption that also stores a refresh token, then a refresh with it.
        var workos = logins.start();
        logins.approve(workos.userCode());
        var authenticated = record(warm, "workos_redemption", () -> Functions.invoke(functions.token,
                Events.load("token-poll").path("/user_management/authenticate").form("grant_type="
                        + enc("urn:ietf:params:oauth:grant-type:device_code") + "&device_code=" + enc(workos.deviceCode())
                        + "&client_id=demo-cli").build()));
        String refreshToken = (String) Functions.json(authenticated).get("refresh_token");
        if (refreshToken == null) {
            throw new IllegalStateException("WorkOS redemption gave no refresh token: " + authenticated.getBody());
        }
        var refreshed = record(warm, "refresh", () -> Functions.invoke(functions.token, Events.load("token-poll")
                .form("grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=demo-cli").build()));
        if (refreshed.getStatusCode() != 200) {
            throw new IllegalStateException("refresh failed: " + refreshed.getBody());
        }
        record(warm, "jwks", () -> Functions.invoke(functions.token, Events.load("jwks").build()));
        record(warm, "metadata", () -> Functions.invoke(functions.token, Events.load("metadata").build()));
        var again = logins.start();
        logins.poll(again.deviceCode());
        record(warm, "slow_down", () -> logins.poll(again.deviceCode()));

        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        Map<String, Object> detail = new LinkedHashMap<>();
        warm.forEach((endpoint, ops) -> {
            counts.put(endpoint, ops.size());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("operations", ops);
            Integer budget = BUDGET.get(endpoint);
            if (budget != null) {
                d.put("budget", budget);
                d.put("within_budget", endpoint.equals("pending_poll") ? ops.size() == budget : ops.size() <= budget);
            }
            detail.put(endpoint, d);
        });
        Map<String, Object> coldOut = new LinkedHashMap<>();
        cold.forEach((endpoint, ops) -> coldOut.put(endpoint, Map.of("calls", ops.size(), "operations", ops)));
        out.put("calls", counts);
        out.put("calls_detail", detail);
        out.put("calls_cold", coldOut);
        out.put("calls_scan_total", all.stream().filter(op -> op.equals("Scan")).count());
        out.put("calls_within_budget", detail.values().stream()
                .allMatch(d -> !((Map<?, ?>) d).containsKey("within_budget") || Boolean.TRUE.equals(((Map<?, ?>) d).get("within_budget"))));
        return out;
    }

    private <T> T record(Map<String, List<String>> into, String endpoint, java.util.function.Supplier<T> request) {
        counter.reset();
        T result = request.get();
        List<String> ops = counter.calls();
        into.put(endpoint, ops);
        all.addAll(ops);
        return result;
    }
}
