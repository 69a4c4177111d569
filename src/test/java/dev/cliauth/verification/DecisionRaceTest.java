package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Approve and Deny pressed at once in two browsers: one wins, and the device sees only that. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionRaceTest {

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    @RepeatedTest(10)
    void approveAndDenyAtOnceThenExactlyOneOutcomeForTheDevice() throws Exception {
        var started = logins.start();
        EventBrowser approver = new EventBrowser(functions.verification);
        EventBrowser denier = new EventBrowser(functions.verification);
        approver.signInWithCode(started.userCode(), "demo@example.com", "demo-password");
        denier.signInWithCode(started.userCode(), "demo@example.com", "demo-password");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<APIGatewayV2HTTPResponse> approve = CompletableFuture.supplyAsync(() -> {
            await(go);
            return approver.decide("approve");
        });
        CompletableFuture<APIGatewayV2HTTPResponse> deny = CompletableFuture.supplyAsync(() -> {
            await(go);
            return denier.decide("deny");
        });
        go.countDown();
        List<String> pages = List.of(approve.get().getBody(), deny.get().getBody());
        long approved = pages.stream().filter(p -> p.contains("Return to your terminal")).count();
        long denied = pages.stream().filter(p -> p.contains("Request denied")).count();
        assertThat(approved + denied).as("exactly one decision took effect").isEqualTo(1);
        assertThat(pages).anySatisfy(p -> assertThat(p).contains("already answered"));

        var first = logins.poll(started.deviceCode());
        if (approved == 1) {
            assertThat(first.getStatusCode()).isEqualTo(200);
            functions.clock.advance(Duration.ofSeconds(10));
            assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "invalid_grant");
        } else {
            assertThat(Functions.json(first)).containsEntry("error", "access_denied");
            functions.clock.advance(Duration.ofSeconds(10));
            assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "access_denied");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
