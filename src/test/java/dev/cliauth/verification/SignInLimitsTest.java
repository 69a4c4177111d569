package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.account.Passwords;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** Password guessing on the sign-in form (SPEC §6): per account, per source, locked alike for everyone. */
class SignInLimitsTest {

    private static final String EMAIL = "demo@example.com";
    private static final String PASSWORD = "demo-password";

    private Functions functions;

    @AfterEach
    void stop() {
        if (functions != null) {
            functions.close();
        }
    }

    /** One sign-in from a fresh browser at {@code ip}: the code form, then the password. */
    private APIGatewayV2HTTPResponse signIn(String ip, String email, String password) {
        String code = new Logins(functions).start().userCode();
        EventBrowser browser = new EventBrowser(functions.verification).from(ip);
        browser.get("user_code=" + code);
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(code));
        return browser.post("/device/signin", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(code)
                + "&username=" + enc(email) + "&password=" + enc(password));
    }

    @Test
    void wrongPasswordsOverTheAccountLimitThen429AndNoPasswordCheckEvenForTheRightOne() {
        CallCounter counter = new CallCounter();
        functions = Functions.start(Map.of(), counter);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("203.0.113." + i, EMAIL, "guess-" + i).getStatusCode()).isEqualTo(401);
        }
        counter.reset();
        APIGatewayV2HTTPResponse locked = signIn("198.51.100.1", EMAIL, PASSWORD);
        assertThat(locked.getStatusCode()).as("the owner, from elsewhere, with the right password").isEqualTo(429);
        assertThat(locked.getBody()).contains("Too many sign-in attempts").containsPattern("Try again in [0-9]+ minutes?\\.");
        assertThat(counter.calls()).as("no account read when limited").doesNotContain("GetItem");

        // An email without an account locks the same way and gets the very same page.
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("203.0.113." + (10 + i), "nobody@example.com", "guess").getStatusCode()).isEqualTo(401);
        }
        APIGatewayV2HTTPResponse unknownLocked = signIn("198.51.100.2", "nobody@example.com", "guess");
        assertThat(unknownLocked.getStatusCode()).isEqualTo(429);
        assertThat(withoutViewIds(unknownLocked.getBody())).isEqualTo(withoutViewIds(locked.getBody()));

        // It unlocks by time, for everyone.
        functions.clock.advance(Duration.ofHours(1));
        assertThat(signIn("198.51.100.1", EMAIL, PASSWORD).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aDailyLimitBoundsSlowGuessingAndASuccessRefundsOnlyItself() {
        functions = Functions.start(Map.of("cliauth.limits.account-password-failures-per-hour", "5",
                "cliauth.limits.account-password-failures-per-day", "12"));
        toNextUtcMidnight();
        int failures = 0;
        for (int hour = 0; failures < 12; hour++) {
            for (int i = 0; i < 5 && failures < 12; i++, failures++) {
                assertThat(signIn("203.0.113." + failures, EMAIL, "guess").getStatusCode()).isEqualTo(401);
            }
            assertThat(signIn("198.51.100.3", EMAIL, PASSWORD).getStatusCode())
                    .as("a success in between refunds its own attempt only").isIn(200, 429);
            functions.clock.advance(Duration.ofHours(1));
        }
        APIGatewayV2HTTPResponse locked = signIn("198.51.100.4", EMAIL, PASSWORD);
        assertThat(locked.getStatusCode()).as("12 a day, though the hour is new").isEqualTo(429);
        toNextUtcMidnight();
        assertThat(signIn("198.51.100.4", EMAIL, PASSWORD).getStatusCode()).isEqualTo(200);
    }

    @Test
    void oneSourceSprayingManyAccountsIsLimitedByItsIpv6Slash64() {
        functions = Functions.start(Map.of("cliauth.limits.source-password-failures-per-hour", "6"));
        for (int i = 0; i < 6; i++) {
            assertThat(signIn("2001:db8:7:7::" + Integer.toHexString(i + 1), "user" + i + "@example.com", "guess")
                    .getStatusCode()).isEqualTo(401);
        }
        assertThat(signIn("2001:db8:7:7:ffff:1:2:3", EMAIL, PASSWORD).getStatusCode())
                .as("another address of the same /64, another account").isEqualTo(429);
        assertThat(signIn("2001:db8:7:8::1", EMAIL, PASSWORD).getStatusCode()).as("the next /64").isEqualTo(200);
    }

    /**
     * Unknown email, wrong password (stored hashes of cost 8, 10 and 11) and a disabled account with
     * its right password: the same page and the same time. Measured through the handler as the CPU
     * time of the thread that runs it (the handler, its bcrypt work and the in-process DynamoDB
     * engine run on it), which other processes on a busy 2-core machine cannot disturb the way they
     * disturb wall time; wall-time medians are printed beside. The rounds interleave the cases;
     * medians of 15 after two rounds of warm-up.
     */
    @Test
    void everyFailureTakesTheSameTimeWhateverTheStoredCost() {
        functions = Functions.start(Map.of("cliauth.limits.account-password-failures-per-hour", "1000",
                "cliauth.limits.account-password-failures-per-day", "1000",
                "cliauth.limits.source-password-failures-per-hour", "100000"));
        account("cost8@example.com", 8, false);
        account("cost10@example.com", 10, false);
        account("cost11@example.com", 11, false);
        account("disabled@example.com", 10, true);
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("unknown email", new String[] {"nobody@example.com", "right-password"});
        cases.put("wrong password, cost 8", new String[] {"cost8@example.com", "wrong-password"});
        cases.put("wrong password, cost 10", new String[] {"cost10@example.com", "wrong-password"});
        cases.put("wrong password, cost 11", new String[] {"cost11@example.com", "wrong-password"});
        cases.put("disabled, right password", new String[] {"disabled@example.com", "right-password"});

        String code = new Logins(functions).start().userCode();
        EventBrowser browser = new EventBrowser(functions.verification).from("203.0.113.77");
        browser.get("user_code=" + code);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assertThat(threads.isCurrentThreadCpuTimeSupported()).isTrue();
        Map<String, long[]> cpu = new LinkedHashMap<>();
        Map<String, long[]> wall = new LinkedHashMap<>();
        cases.keySet().forEach(k -> {
            cpu.put(k, new long[15]);
            wall.put(k, new long[15]);
        });
        List<String> bodies = new ArrayList<>();
        for (int round = -2; round < 15; round++) {        // two rounds of warm-up
            for (Map.Entry<String, String[]> c : cases.entrySet()) {
                String form = "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(code)
                        + "&username=" + enc(c.getValue()[0]) + "&password=" + enc(c.getValue()[1]);
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                APIGatewayV2HTTPResponse answer = browser.post("/device/signin", form);
                long took = System.nanoTime() - start;
                long cpuTook = threads.getCurrentThreadCpuTime() - cpuStart;
                assertThat(answer.getStatusCode()).as(c.getKey()).isEqualTo(401);
                if (round >= 0) {
                    cpu.get(c.getKey())[round] = cpuTook;
                    wall.get(c.getKey())[round] = took;
                    bodies.add(withoutViewIds(answer.getBody()).replaceAll("value=\"[^\"]*\"", "value=\"\""));
                }
            }
        }
        assertThat(bodies.stream().distinct().count()).as("the same page, but for the email typed back").isEqualTo(1);
        Map<String, Double> cpuMedians = medians(cpu);
        System.out.println("sign-in failure medians (ms): CPU " + cpuMedians + "; wall " + medians(wall));
        double min = cpuMedians.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = cpuMedians.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat((max - min) / min).as("median CPU times %s", cpuMedians).isLessThan(0.05);
    }

    private static Map<String, Double> medians(Map<String, long[]> samples) {
        Map<String, Double> out = new LinkedHashMap<>();
        samples.forEach((k, v) -> {
            long[] sorted = v.clone();
            Arrays.sort(sorted);
            out.put(k, Math.round(sorted[sorted.length / 2] / 1e4) / 100.0);
        });
        return out;
    }

    /** Moves the clock to one second past the next UTC midnight, where counters' daily windows start. */
    private void toNextUtcMidnight() {
        long now = functions.clock.millis();
        long day = 86_400_000L;
        functions.clock.advance(Duration.ofMillis(day - Math.floorMod(now, day) + 1_000));
    }

    private void account(String email, int cost, boolean disabled) {
        String pk = Keys.user("default", email);
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, Attrs.s(pk), Keys.ORG, Attrs.s("default"), "subject", Attrs.s("usr_" + cost + disabled),
                "email", Attrs.s(email), "name", Attrs.s("Timing"),
                "password_hash", Attrs.s(Passwords.hash("right-password", cost)), "disabled", Attrs.bool(disabled))));
    }

    /** A page without the random id of the view it was shown at (its language links name it). */
    private static String withoutViewIds(String html) {
        return html.replaceAll("v=[A-Za-z0-9_-]{22}", "v=");
    }
}
