package dev.cliauth.faults;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.FaultInjector;
import dev.cliauth.testing.FaultInjector.Fault;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import dev.cliauth.testing.TestDynamo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Breaks every DynamoDB call of every request on purpose, with every kind of fault, and checks the
 * answer (503 with Retry-After, {@code temporarily_unavailable} or the retry page), that nothing
 * partial was written, and that the flow recovers without ever issuing tokens twice. The observed
 * matrix is written to {@code target/fault-matrix.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixTest {

    private final FaultInjector injector = new FaultInjector();
    private final List<String> rows = new ArrayList<>();
    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        // Faulted sign-ins keep their attempt (over-counting is the safe side): limits high enough for the matrix.
        functions = Functions.start(Map.of("cliauth.limits.account-password-failures-per-hour", "1000",
                "cliauth.limits.account-password-failures-per-day", "1000"), injector);
        logins = new Logins(functions);
        logins.poll(logins.start().deviceCode());   // warm: clients cached, keys created
        Functions.invoke(functions.token, Events.load("jwks").build());
    }

    @AfterAll
    void stop() throws IOException {
        functions.close();
        Path out = Path.of("target", "fault-matrix.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "| request | call | operation | fault | status | answer |\n|---|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n");
    }

    /** One request under test, prepared fresh for every cell. */
    private interface Case {
        APIGatewayV2HTTPResponse act();

        /** Checks nothing partial was written, then that the flow still completes correctly. */
        void assertIntactAndRecovers();
    }

    private void matrix(String request, int calls, Supplier<Case> prepare, boolean html) {
        matrix(request, calls, 0, prepare, html);
    }

    private void matrix(String request, int calls, int firstCall, Supplier<Case> prepare, boolean html) {
        for (int call = firstCall; call < calls; call++) {
            for (Fault fault : Fault.values()) {
                Case c = prepare.get();
                injector.arm(call, fault);
                APIGatewayV2HTTPResponse response = c.act();
                injector.disarm();
                String op = injector.failedOperation();
                assertThat(op).as("%s makes at least %d calls", request, call + 1).isNotNull();
                String answer = html ? title(response.getBody()) : String.valueOf(Functions.json(response).get("error"));
                rows.add("| " + request + " | " + (call + 1) + " | " + op + " | " + fault + " | "
                        + response.getStatusCode() + " | " + answer + " |");
                if (fault == Fault.CONDITION_FAILED && response.getStatusCode() == 400) {
                    // A condition failure on a conditional single-item write with no old item is
                    // what DynamoDB says when the item does not exist: a domain answer, not a fault.
                    assertThat(answer).isIn("invalid_grant");
                } else if (fault == Fault.CONDITION_FAILED && html && op.equals("UpdateItem")
                        && response.getStatusCode() == 401) {
                    // Adding the session to the account is refused when the account changed since
                    // it was read (password, disabled): the sign-in fails, as it then should.
                    assertThat(answer).isEqualTo("Sign in");
                } else {
                    assertThat(response.getStatusCode()).as("%s call %d %s %s", request, call, op, fault).isEqualTo(503);
                    assertThat(response.getHeaders()).containsKey("Retry-After");
                    if (html) {
                        assertThat(response.getBody()).contains("having trouble right now");
                    } else {
                        assertThat(answer).isEqualTo("temporarily_unavailable");
                    }
                }
                c.assertIntactAndRecovers();
            }
        }
    }

    private static String title(String html) {
        int a = html.indexOf("<h1>");
        return a < 0 ? "?" : html.substring(a + 4, html.indexOf("</h1>", a)).replace("&#39;", "'");
    }

    private Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item(String deviceCode) {
        return logins.grantItem(deviceCode);
    }

    private long grantCount() {
        return TestDynamo.client().scanPaginator(s -> s.tableName(functions.table)).items().stream()
                .filter(i -> Attrs.str(i, Keys.PK).startsWith("GRANT#")).count();
    }

    @Test
    void deviceAuthorization() {
        matrix("device authorization", 1, () -> {
            long before = grantCount();
            return new Case() {
                public APIGatewayV2HTTPResponse act() {
                    return Functions.invoke(functions.deviceAuthorization,
                            Events.load("device-authorization").form("client_id=demo-cli&scope=openid").build());
                }

                public void assertIntactAndRecovers() {
                    assertThat(grantCount()).as("no grant written").isEqualTo(before);
                    assertThat(logins.start().deviceCode()).isNotBlank();
                }
            };
        }, false);
    }

    @Test
    void pendingPoll() {
        matrix("pending poll", 1, () -> {
            var started = logins.start();
            return new Case() {
                public APIGatewayV2HTTPResponse act() {
                    return logins.poll(started.deviceCode());
                }

                public void assertIntactAndRecovers() {
                    assertThat(Attrs.num(item(started.deviceCode()), "polls", 0)).as("poll not recorded").isZero();
                    assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "authorization_pending");
                }
            };
        }, false);
    }

    @Test
    void slowDown() {
        matrix("slow_down (2nd write)", 2, 1, () -> {
            var started = logins.start();
            logins.poll(started.deviceCode());
            return new Case() {
                public APIGatewayV2HTTPResponse act() {
                    return logins.poll(started.deviceCode());
                }

                public void assertIntactAndRecovers() {
                    assertThat(Attrs.num(item(started.deviceCode()), "interval_s", 0)).as("interval unchanged").isEqualTo(5);
                    assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "slow_down");
                }
            };
        }, false);
    }

    @Test
    void unknownDeviceCodeCounter() {
        matrix("unknown device code (counter)", 2, 1, () -> new Case() {
            public APIGatewayV2HTTPResponse act() {
                return logins.poll(DeviceCode.generate(new java.security.SecureRandom()));
            }

            public void assertIntactAndRecovers() {
                assertThat(Functions.json(logins.poll(DeviceCode.generate(new java.security.SecureRandom()))))
                        .containsEntry("error", "invalid_grant");
            }
        }, false);
    }

    @Test
    void replayRevocation() {
        matrix("replay (revocation write)", 2, 1, () -> {
            var started = logins.start();
            logins.approve(started.userCode());
            logins.poll(started.deviceCode());
            functions.clock.advance(Duration.ofSeconds(10));
            return new Case() {
                public APIGatewayV2HTTPResponse act() {
                    return logins.poll(started.deviceCode());
                }

                public void assertIntactAndRecovers() {
                    assertThat(Attrs.str(item(started.deviceCode()), "status")).isEqualTo("REDEEMED");
                    functions.clock.advance(Duration.ofSeconds(10));
                    assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "invalid_grant");
                    assertThat(Attrs.num(item(started.deviceCode()), "revoked_at", 0)).isPositive();
                }
            };
        }, false);
    }

    @Test
    void redemption() {
        matrix("redemption", 2, () -> {
            var started = logins.start();
            logins.approve(started.userCode());
            return new Case() {
                public APIGatewayV2HTTPResponse act() {
                    return logins.poll(started.deviceCode());
                }

                public void assertIntactAndRecovers() {
                    assertThat(Attrs.str(item(started.deviceCode()), "status")).as("not redeemed").isEqualTo("APPROVED");
                    functions.clock.advance(Duration.ofSeconds(10));
                    assertThat(logins.poll(started.deviceCode()).getStatusCode()).as("tokens after recovery").isEqualTo(200);
                    functions.clock.advance(Duration.ofSeconds(10));
                    assertThat(Functions.json(logins.poll(started.deviceCode()))).as("never twice")
                            .containsEntry("error", "invalid_grant");
                }
            };
        }, false);
    }

    @Test
    void signInAndCodeLookup() {
        // Calls: TransactWriteItems take sign-in attempt, GetItem account, UpdateItem add the session
        // to the account, TransactWriteItems give the attempt back, TransactWriteItems take code
        // attempt, Query. The give-backs (the fourth call, and one after a found code) are best
        // effort: their failure only over-counts and is not an error.
        matrix("sign-in + code lookup", 3, 0, this::signInCase, true);
        matrix("sign-in + code lookup", 6, 4, this::signInCase, true);
    }

    private Case signInCase() {
        var started = logins.start();
        EventBrowser browser = new EventBrowser(functions.verification);
        browser.get("user_code=" + started.userCode());
        browser.post("/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + started.userCode());
        String csrf = browser.csrf();
        return new Case() {
            public APIGatewayV2HTTPResponse act() {
                return browser.post("/device/signin", "csrf=" + enc(csrf) + "&user_code=" + started.userCode()
                        + "&username=demo%40example.com&password=demo-password");
            }

            public void assertIntactAndRecovers() {
                assertThat(Attrs.str(item(started.deviceCode()), "status")).isEqualTo("PENDING");
                var page = browser.post("/device/signin", "csrf=" + enc(csrf) + "&user_code=" + started.userCode()
                        + "&username=demo%40example.com&password=demo-password");
                assertThat(page.getBody()).contains("Only approve this if you started it yourself");
            }
        };
    }

    @Test
    void approval() {
        matrix("approval", 2, () -> {   // GetItem: the session's account; TransactWriteItems: the decision
            var started = logins.start();
            EventBrowser browser = new EventBrowser(functions.verification);
            browser.signInWithCode(started.userCode(), "demo@example.com", "demo-password");
            String form = "csrf=" + enc(browser.csrf()) + "&grant=" + enc(browser.field("grant"))
                    + "&app=" + enc(browser.field("app")) + "&sig=" + enc(browser.field("sig")) + "&decision=approve";
            return new Case() {
                public APIGatewayV2HTTPResponse act() {
                    return browser.post("/device/decision", form);
                }

                public void assertIntactAndRecovers() {
                    assertThat(Attrs.str(item(started.deviceCode()), "status")).isEqualTo("PENDING");
                    assertThat(browser.post("/device/decision", form).getBody()).contains("Return to your terminal");
                    assertThat(logins.poll(started.deviceCode()).getStatusCode()).isEqualTo(200);
                }
            };
        }, true);
    }

    @Test
    void coldJwksAndSessionKey() {
        for (Fault fault : Fault.values()) {
            for (int call = 0; call < 2; call++) {
                FaultInjector cold = new FaultInjector();
                try (Functions fresh = Functions.start(Map.of(), cold)) {
                    cold.arm(call, fault);
                    var jwks = Functions.invoke(fresh.token, Events.load("jwks").build());
                    String op = cold.failedOperation();
                    cold.disarm();
                    if (op == null) {
                        continue;
                    }
                    rows.add("| JWKS, cold | " + (call + 1) + " | " + op + " | " + fault + " | " + jwks.getStatusCode()
                            + " | " + Functions.json(jwks).get("error") + " |");
                    assertThat(jwks.getStatusCode()).isEqualTo(503);
                    assertThat(Functions.invoke(fresh.token, Events.load("jwks").build()).getStatusCode()).isEqualTo(200);
                }
            }
        }
    }
}
