package dev.cliauth.verification;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.config.LimitSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Brute-force limits on code entry (RFC 8628 §5.1): per source, per account, per session, global. */
class CodeEntryLimitsTest {

    private static final String EMAIL = "demo@example.com";
    private static final String PASSWORD = "demo-password";
    /** 20^8 codes, 1,000 live codes, 2^-20 per source per day, halved for fixed windows. */
    private static final long SOURCE_PER_DAY = 12;

    private Functions functions;

    @AfterEach
    void stop() {
        if (functions != null) {
            functions.close();
        }
    }

    private int people;

    /** A signed-in browser from {@code ip} that has seen a form, of a person of its own. */
    private EventBrowser signedIn(String ip) {
        String email = "person" + (people++) + "@example.com";
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, Attrs.s(Keys.user("default", email)), Keys.ORG, Attrs.s("default"),
                "subject", Attrs.s("usr_" + email), "email", Attrs.s(email), "name", Attrs.s("Person"),
                "password_hash", Attrs.s(PERSON_HASH))));
        return signedIn(ip, email, "person-password");
    }

    private static final String PERSON_HASH = dev.cliauth.account.Passwords.hash("person-password", 4);

    /** A signed-in browser of {@code email} from {@code ip} that has seen a form. */
    private EventBrowser signedIn(String ip, String email, String password) {
        Logins logins = new Logins(functions);
        EventBrowser browser = new EventBrowser(functions.verification).from(ip);
        browser.signInWithCode(logins.start().userCode(), email, password);
        return browser;
    }

    /** The default limits but {@code liveCodes}, as the arithmetic below needs them. */
    private static LimitSettings withLiveCodes(long liveCodes) {
        return new LimitSettings(liveCodes, 10, 2000, 30, 10, 5, 20, 30, 1, 50);
    }

    private static int enter(EventBrowser browser, String code) {
        return browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + code).getStatusCode();
    }

    @Test
    void derivedSourceLimitMatchesTheArithmetic() {
        LimitSettings defaults = withLiveCodes(1000);
        assertThat(LimitSettings.SOURCE_UNITS_PER_DAY).as("2^-21 in units of 2^-40").isEqualTo(1L << 19);
        assertThat(defaults.guessCost(Math.pow(20, 8))).as("ceil(1000 / 20^8 · 2^40)").isEqualTo(42_950);
        assertThat(defaults.sourceFailuresPerDay(Math.pow(20, 8))).isEqualTo(SOURCE_PER_DAY);
        assertThat(defaults.sourceFailuresPerDay(Math.pow(10, 10))).as("digits:10").isEqualTo(4);
        assertThat(defaults.sourceFailuresPerDay(Math.pow(10, 11))).as("digits:11").isEqualTo(47);
        assertThat(defaults.sourceFailuresPerDay(Math.pow(28, 7))).as("alnum:7").isEqualTo(6);
        assertThat(defaults.sourceFailuresPerDay(Math.pow(28, 8))).as("alnum:8").isEqualTo(180);
        // The bound holds over any 24 hours (at most two windows): 2 · 12 · 1000 / 20^8 < 2^-20.
        assertThat(2.0 * SOURCE_PER_DAY * 1000 / Math.pow(20, 8)).isLessThan(Math.pow(2, -20));
    }

    @Test
    void everyAllowedFormatAndAnyMixOfThemStaysUnderTheBound() {
        for (long live : new long[] {1, 1000, LimitSettings.MAX_LIVE_CODES}) {
            LimitSettings limits = withLiveCodes(live);
            for (UserCodeFormat.Alphabet alphabet : UserCodeFormat.Alphabet.values()) {
                for (int length = UserCodeFormat.MIN_LENGTH; length <= UserCodeFormat.MAX_LENGTH; length++) {
                    UserCodeFormat format;
                    try {
                        format = new UserCodeFormat(alphabet, length, length);
                    } catch (IllegalArgumentException belowFloor) {
                        continue;
                    }
                    long perDay = limits.sourceFailuresPerDay(format.codeSpace());
                    assertThat(perDay).as("%s at %d live codes: at least one failed entry a day", format.spec(), live)
                            .isGreaterThanOrEqualTo(1);
                    // Each failure costs at least its chance of a hit; two windows of spent units stay under 2^-20.
                    assertThat((double) limits.guessCost(format.codeSpace()) * Math.pow(2, -40))
                            .isGreaterThanOrEqualTo(live / format.codeSpace());
                    assertThat(2.0 * perDay * live / format.codeSpace()).as(format.spec()).isLessThan(Math.pow(2, -20));
                }
            }
        }
        assertThat(LimitSettings.MAX_LIVE_CODES).isEqualTo(4096);
        assertThatThrownBy(() -> withLiveCodes(4097))
                .hasMessageContaining("cliauth.limits.live-codes must be between 1 and 4096");
    }

    @Test
    void guessesOfAWeakerFormatCostMoreAndAMixNeverBuysMoreThanTheBound() {
        functions = Functions.start(Map.of("cliauth.limits.session-failures-per-hour", "100"));
        String ip = "203.0.113.61";
        // Ten digits: the weakest code that could exist, 4 a day per source (4 · 109,952 of 524,288
        // units), 2 per account (its half of the source's budget).
        EventBrowser first = signedIn(ip);
        EventBrowser second = signedIn(ip);
        for (int i = 0; i < 2; i++) {
            assertThat(enter(first, "20000-0000" + i)).isEqualTo(404);
        }
        assertThat(enter(first, "20000-00008")).as("the account's half is spent").isEqualTo(429);
        for (int i = 0; i < 2; i++) {
            assertThat(enter(second, "20000-0001" + i)).isEqualTo(404);
        }
        EventBrowser third = signedIn(ip);
        assertThat(enter(third, "20000-00009")).as("the source's 4 are spent").isEqualTo(429);
        // What is left (84,480 units) still pays for one base20 guess (42,950), not two.
        assertThat(enter(third, "ZZZZ-ZZZZ")).isEqualTo(404);
        assertThat(enter(third, "ZZZZ-ZZZX")).isEqualTo(429);
        // A strong format's guess costs what it is worth (alnum:12, one unit), so the rest still pays for it.
        assertThat(enter(third, "YYYY-YYYY-YYYY")).isEqualTo(404);
        // Not a code of any allowed format (8 digits with a 0): no lookup, the form asks again.
        assertThat(enter(third, "2000-0000")).isEqualTo(400);
    }

    @Test
    void oneAccountBehindASharedAddressCannotSpendItsBudgetForEveryone() {
        functions = Functions.start(Map.of("cliauth.limits.session-failures-per-hour", "100"));
        String office = "198.51.100.200";
        EventBrowser careless = signedIn(office, EMAIL, PASSWORD);
        for (int i = 0; i < SOURCE_PER_DAY / 2; i++) {
            assertThat(enter(careless, "ZZZZ-ZZZZ")).isEqualTo(404);
        }
        assertThat(enter(careless, "ZZZZ-ZZZZ")).as("one account: half the address's 12").isEqualTo(429);
        EventBrowser colleague = signedIn(office);
        assertThat(enter(colleague, "ZZZZ-ZZZZ")).as("the others behind the address keep the rest").isEqualTo(404);
        assertThat(enter(colleague, new Logins(functions).start().userCode())).isEqualTo(200);
        // The account is limited wherever it goes: its half is per account, not per address.
        var elsewhere = new EventBrowser(functions.verification).from("203.0.113.201")
                .signInWithCode(new Logins(functions).start().userCode(), EMAIL, PASSWORD);
        assertThat(elsewhere.getStatusCode()).as("even its valid code: no lookup over a limit").isEqualTo(429);
    }

    @Test
    void entriesOverTheSourceLimitThen429AndNoLookupEvenWithNewSessionsOrForwardedFor() {
        CallCounter counter = new CallCounter();
        functions = Functions.start(Map.of("cliauth.limits.session-failures-per-hour", "100"), counter);
        String ip = "203.0.113.7";
        int failures = 0;
        for (int session = 0; failures < SOURCE_PER_DAY; session++) {
            EventBrowser browser = signedIn(ip);
            for (int i = 0; i < 5 && failures < SOURCE_PER_DAY; i++, failures++) {
                assertThat(enter(browser, "ZZZZ-ZZZZ")).isEqualTo(404);
            }
        }
        EventBrowser fresh = signedIn("198.51.100.99");   // sign in from elsewhere, then move
        fresh.from(ip);
        counter.reset();
        fresh.send(Events.load("device-signin").path("/device").header("x-forwarded-for", "192.0.2.55")
                .form("csrf=" + enc(fresh.csrf()) + "&user_code=ZZZZ-ZZZZ"));
        assertThat(fresh.last.getStatusCode()).isEqualTo(429);
        assertThat(fresh.last.getBody()).contains("Too many attempts").contains("Try again in");
        assertThat(counter.calls()).as("no lookup when limited").doesNotContain("Query");
        // Another source is not affected.
        assertThat(enter(signedIn("198.51.100.100"), "ZZZZ-ZZZZ")).isEqualTo(404);
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareOneSourceLimit() {
        functions = Functions.start(Map.of("cliauth.limits.session-failures-per-hour", "100"));
        for (int i = 0; i < SOURCE_PER_DAY; i++) {
            assertThat(enter(signedIn("2001:db8:42:1::" + Integer.toHexString(i + 1)), "ZZZZ-ZZZZ")).isEqualTo(404);
        }
        EventBrowser moved = signedIn("198.51.100.98").from("2001:db8:42:1:dead:beef:0:1");   // signed in elsewhere
        assertThat(enter(moved, "ZZZZ-ZZZZ")).as("same /64").isEqualTo(429);
        assertThat(enter(signedIn("2001:db8:42:2::1"), "ZZZZ-ZZZZ")).as("another /64").isEqualTo(404);
    }

    @Test
    void successfulEntriesNeverCountAgainstTheLimits() {
        functions = Functions.start(Map.of("cliauth.limits.session-failures-per-hour", "3"));
        Logins logins = new Logins(functions);
        EventBrowser browser = signedIn("203.0.113.8");
        for (int i = 0; i < 20; i++) {
            assertThat(enter(browser, logins.start().userCode())).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(enter(browser, "ZZZZ-ZZZZ")).isEqualTo(404);
        }
        assertThat(enter(browser, "ZZZZ-ZZZZ")).as("session limit").isEqualTo(429);
        assertThat(enter(browser, logins.start().userCode())).as("a success does not reset the limit").isEqualTo(429);
    }

    @Test
    void aSpentGlobalBudgetSlowsEveryAddressToOneFailureAnHourInsteadOfClosingEntry() {
        functions = Functions.start(Map.of("cliauth.limits.global-failures-per-hour", "4"));
        for (int i = 0; i < 4; i++) {
            assertThat(enter(signedIn("203.0.113." + (20 + i)), "ZZZZ-ZZZZ")).isEqualTo(404);
        }
        EventBrowser late = signedIn("203.0.113.99");
        assertThat(enter(late, "ZZZZ-ZZZZ")).as("one failure an hour per address").isEqualTo(404);
        assertThat(enter(late, "ZZZZ-ZZZX")).isEqualTo(429);
        assertThat(late.last.getBody()).contains("Too many attempts");
        // Entry is still open: a valid code from an address that has not failed this hour works.
        var page = new EventBrowser(functions.verification).from("203.0.113.98")
                .signInWithCode(new Logins(functions).start().userCode(), EMAIL, PASSWORD);
        assertThat(page.getStatusCode()).isEqualTo(200);
        // And the hour after, the global budget is back.
        functions.clock.advance(java.time.Duration.ofHours(1));
        EventBrowser next = signedIn("203.0.113.99");
        assertThat(enter(next, "ZZZZ-ZZZZ")).isEqualTo(404);
        assertThat(enter(next, "ZZZZ-ZZZX")).isEqualTo(404);
    }

    @Test
    void concurrentFailuresNeverExceedTheLimit() throws Exception {
        functions = Functions.start(Map.of("cliauth.limits.session-failures-per-hour", "100"));
        List<EventBrowser> browsers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            browsers.add(signedIn("203.0.113.50"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            List<Callable<Integer>> entries = new ArrayList<>();
            for (EventBrowser b : browsers) {
                entries.add(() -> enter(b, "ZZZZ-ZZZZ"));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(entries)) {
                statuses.add(f.get());
            }
            assertThat(statuses.stream().filter(s -> s == 404).count()).isLessThanOrEqualTo(SOURCE_PER_DAY);
            assertThat(statuses).as("contention may refuse with 503, never over-admit").isSubsetOf(404, 429, 503);
        } finally {
            pool.shutdownNow();
        }
    }
}
