package dev.cliauth.webhook;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.lambda.WebhookHandler;
import dev.cliauth.local.LambdaInvocation;
import dev.cliauth.local.Seed;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import dev.cliauth.testing.StreamEvents;
import dev.cliauth.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "This wasn't me" (SPEC §13, issue 11 item 3) and org webhooks: the report denies the request
 * (the device gets {@code access_denied}), signs the browser out and writes a {@code not_me}
 * security event naming the device's request; the webhook function, fed that event as the table's
 * stream delivers it, posts it signed (Standard Webhooks: HMAC-SHA256 over id, timestamp and
 * body) to a receiver on 127.0.0.1, retrying with doubling waits, and reports what it could not
 * deliver so Lambda retries it. Lifecycle events go only where the org asked for them.
 */
class NotMeAndWebhookTest {

    private Functions functions;
    private Logins logins;
    private WebhookReceiver receiver;
    private final List<Long> pauses = Collections.synchronizedList(new ArrayList<>());
    private WebhookHandler webhook;
    private String secret;

    @BeforeEach
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
        receiver = new WebhookReceiver();
        secret = WebhookSignature.newSecret(new SecureRandom());
        webhook = functions.webhook((WebhookSender.Pause) pauses::add);
    }

    @AfterEach
    void stop() {
        webhook.close();
        receiver.close();
        functions.close();
    }

    /** An invocation of the webhook function, with the time template.yaml gives it. */
    private static LambdaInvocation invocation() {
        return new LambdaInvocation("webhook-test", dev.cliauth.local.SamTemplate.load().timeout("WebhookFunction"));
    }

    private void configure(String org, List<String> events) {
        functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                Keys.PK, Attrs.s(Keys.webhook(org)), Keys.ORG, Attrs.s(org), "url", Attrs.s(receiver.url()),
                "secret", Attrs.s(secret), "events", Attrs.list(events))));
    }

    private List<Map<String, AttributeValue>> audit(String event) {
        return functions.dynamo.scan(s -> s.tableName(functions.table)).items().stream()
                .filter(i -> Attrs.str(i, Keys.PK).startsWith("AUDIT#") && event.equals(Attrs.str(i, "event"))).toList();
    }

    /** A login confirmed in a browser that reports it with "This wasn't me"; the page it got. */
    private APIGatewayV2HTTPResponse reportedLogin(EventBrowser browser, Logins.Started started) {
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        assertThat(confirm.getBody()).contains("name=\"decision\" value=\"not_me\"").contains("This wasn't me");
        return browser.decide("not_me");
    }

    /** The HMAC a receiver computes, written here from the Standard Webhooks text, not from the code under test. */
    private String expectedSignature(WebhookReceiver.Delivery d) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((d.id() + "." + d.timestamp() + "." + d.body())
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void notMeWhenReportedThenDeviceIsDeniedBrowserSignedOutAndReceiverGetsASignedSecurityEvent() throws Exception {
        configure("default", List.of());
        Logins.Started started = logins.start(Seed.DEMO_CLIENT, "openid email");
        EventBrowser browser = new EventBrowser(functions.verification).from("203.0.113.9").userAgent("Victim-Browser/1.0");
        APIGatewayV2HTTPResponse page = reportedLogin(browser, started);
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(EventBrowser.text(page.getBody())).contains("Thanks: the request was refused")
                .contains("this browser is signed out");
        assertThat(browser.posted.getCookies()).anySatisfy(c -> assertThat(c).startsWith("__Host-cliauth_session=;")
                .contains("Max-Age=0"));
        assertThat(browser.get("").getBody()).doesNotContain("Signed in as");

        functions.clock.advance(Duration.ofSeconds(5));
        assertThat(Functions.json(logins.poll(started.deviceCode(), Seed.DEMO_CLIENT))).containsEntry("error", "access_denied");
        assertThat(Attrs.str(logins.grantItem(started.deviceCode()), "status")).isEqualTo("DENIED");

        List<Map<String, AttributeValue>> reports = audit("not_me");
        assertThat(reports).hasSize(1);
        Map<String, AttributeValue> report = reports.get(0);
        assertThat(report).containsEntry("email", Attrs.s(Seed.DEMO_EMAIL)).containsEntry("source_ip", Attrs.s("203.0.113.9"))
                .containsEntry("user_agent", Attrs.s("Victim-Browser/1.0")).containsEntry("requester_ip", Attrs.s("198.51.100.23"))
                .containsEntry("requester_agent", Attrs.s("demo-cli/1.0 (linux; amd64)")).containsEntry("client_id", Attrs.s("demo-cli"))
                .containsEntry("detail", Attrs.s("denied"));
        assertThat(audit("denied")).isEmpty();      // one event, the report itself, in the denial's transaction

        StreamsEventResponse answer = webhook.handleRequest(StreamEvents.insertOf(report, "1000"), invocation());
        assertThat(answer.getBatchItemFailures()).isEmpty();
        assertThat(receiver.deliveries()).hasSize(1);
        WebhookReceiver.Delivery d = receiver.deliveries().get(0);
        assertThat(d.contentType()).isEqualTo("application/json");
        assertThat(d.id()).startsWith("evt_").doesNotContain("#");
        assertThat(Long.parseLong(d.timestamp())).isCloseTo(functions.clock.millis() / 1000, org.assertj.core.data.Offset.offset(1L));
        assertThat(d.signature()).isEqualTo(expectedSignature(d));
        Map<String, Object> body = JSONObjectUtils.parse(d.body());
        assertThat(body).containsEntry("type", "not_me").containsEntry("org", "default");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) body.get("data");
        assertThat(data).containsEntry("requester_ip", "198.51.100.23").containsEntry("source_ip", "203.0.113.9")
                .containsEntry("email", Seed.DEMO_EMAIL).containsEntry("client_name", "Demo CLI");
        assertThat(d.body()).doesNotContain(started.deviceCode()).doesNotContain(started.userCode()).doesNotContain(secret);
        // A body changed on the way no longer verifies.
        assertThat(WebhookSignature.verify(secret, d.id(), Long.parseLong(d.timestamp()), d.body().replace("not_me", "denied"),
                d.signature())).isFalse();
        assertThat(WebhookSignature.verify(secret, d.id(), Long.parseLong(d.timestamp()), d.body(), d.signature())).isTrue();
    }

    @Test
    void webhookWhenReceiverFailsTwiceThenThirdAttemptAfterDoublingWaitsUnderOneId() throws Exception {
        configure("default", List.of());
        receiver.answering(500, 503);
        Logins.Started started = logins.start(Seed.DEMO_CLIENT, "openid");
        reportedLogin(new EventBrowser(functions.verification), started);
        Map<String, AttributeValue> report = audit("not_me").get(0);

        StreamsEventResponse answer = webhook.handleRequest(StreamEvents.insertOf(report, "2000"), invocation());
        assertThat(answer.getBatchItemFailures()).isEmpty();
        assertThat(pauses).containsExactly(1000L, 2000L);
        List<WebhookReceiver.Delivery> got = receiver.deliveries();
        assertThat(got).hasSize(3);
        assertThat(got).extracting(WebhookReceiver.Delivery::id).containsOnly(got.get(0).id());
        for (WebhookReceiver.Delivery d : got) {
            assertThat(d.signature()).isEqualTo(expectedSignature(d));
        }
    }

    @Test
    void webhookWhenEveryAttemptFailsThenTheRecordIsReportedForLambdaToRetry() {
        configure("default", List.of());
        receiver.answering(500, 500, 500, 500);
        Logins.Started started = logins.start(Seed.DEMO_CLIENT, "openid");
        reportedLogin(new EventBrowser(functions.verification), started);

        StreamsEventResponse answer = webhook.handleRequest(StreamEvents.insertOf(audit("not_me").get(0), "3000"),
                invocation());
        assertThat(answer.getBatchItemFailures()).singleElement()
                .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("3000"));
        assertThat(pauses).containsExactly(1000L, 2000L, 4000L);
        assertThat(receiver.deliveries()).hasSize(4);
    }

    /**
     * An event the invocation has no time left to try (every attempt timing out, with the waits: 28 s
     * by default) is reported untried, so Lambda retries it instead of timing the whole batch out.
     */
    @Test
    void webhookWhenTheInvocationHasNoTimeForAnEventThenItIsReportedUntried() {
        configure("default", List.of());
        Logins.Started started = logins.start(Seed.DEMO_CLIENT, "openid");
        reportedLogin(new EventBrowser(functions.verification), started);

        StreamsEventResponse answer = webhook.handleRequest(StreamEvents.insertOf(audit("not_me").get(0), "3500"),
                new LambdaInvocation("webhook-test", java.time.Duration.ofSeconds(20)));
        assertThat(answer.getBatchItemFailures()).singleElement()
                .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("3500"));
        assertThat(receiver.deliveries()).as("not tried").isEmpty();

        answer = webhook.handleRequest(StreamEvents.insertOf(audit("not_me").get(0), "3501"), invocation());
        assertThat(answer.getBatchItemFailures()).as("with the function's time it is sent").isEmpty();
        assertThat(receiver.deliveries()).hasSize(1);
    }

    @Test
    void webhookWhenOrgTakesApprovedOnlyThenApprovalIsSentAndDenialIsNot() {
        configure("default", List.of("approved"));
        Logins.Started first = logins.start(Seed.DEMO_CLIENT, "openid");
        EventBrowser browser = new EventBrowser(functions.verification);
        browser.signInWithCode(first.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        browser.decide("approve");
        Logins.Started second = logins.start(Seed.DEMO_CLIENT, "openid");
        browser.get("user_code=" + second.userCode());
        browser.post("/device", "csrf=" + Logins.enc(browser.csrf()) + "&user_code=" + Logins.enc(second.userCode()));
        browser.decide("deny");

        webhook.handleRequest(StreamEvents.insertOf(audit("approved").get(0), "4000"), invocation());
        webhook.handleRequest(StreamEvents.insertOf(audit("denied").get(0), "4001"), invocation());
        webhook.handleRequest(StreamEvents.insertOf(audit("signed_in").get(0), "4002"), invocation());
        assertThat(receiver.deliveries()).singleElement().satisfies(d -> assertThat(d.body()).contains("\"type\":\"approved\""));
    }

    @Test
    void webhookWhenOrgHasNoneThenNothingIsSentAndTheSampleEventIsHandled() {
        StreamsEventResponse answer = webhook.handleRequest(StreamEvents.sample(), invocation());
        assertThat(answer.getBatchItemFailures()).isEmpty();
        assertThat(receiver.deliveries()).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void webhookTargetsAreHttpsOrLoopbackHttpOnly() {
        assertThat(WebhookTargets.allowed("https://hooks.example.com/cliauth")).isTrue();
        assertThat(WebhookTargets.allowed("http://127.0.0.1:9000/x")).isTrue();
        assertThat(WebhookTargets.allowed("http://hooks.example.com/cliauth")).isFalse();
        assertThat(WebhookTargets.allowed("https://user:pw@hooks.example.com/")).isFalse();
        assertThat(WebhookTargets.allowed("file:///etc/passwd")).isFalse();
        assertThat(WebhookTargets.allowed("not a url")).isFalse();
    }

    @Test
    void notMeWhenTheUserApprovedInAnotherTabAndTheDeviceHasNotRedeemedThenTheApprovalIsUndone() {
        Logins.Started started = logins.start(Seed.DEMO_CLIENT, "openid");
        EventBrowser tab = new EventBrowser(functions.verification);
        tab.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        String grant = tab.field("grant");
        String app = tab.field("app");
        String sig = tab.field("sig");
        String csrf = tab.csrf();
        assertThat(tab.decide("approve").getBody()).contains("You're signed in");
        // The other tab's confirmation form, still on screen: "This wasn't me".
        APIGatewayV2HTTPResponse reported = tab.post("/device/decision", "csrf=" + Logins.enc(csrf) + "&grant=" + Logins.enc(grant)
                + "&app=" + Logins.enc(app) + "&sig=" + Logins.enc(sig) + "&decision=not_me");
        assertThat(EventBrowser.text(reported.getBody())).contains("Thanks: the request was refused");
        assertThat(Attrs.str(logins.grantItem(started.deviceCode()), "status")).isEqualTo("DENIED");
        functions.clock.advance(Duration.ofSeconds(5));
        assertThat(Functions.json(logins.poll(started.deviceCode(), Seed.DEMO_CLIENT))).containsEntry("error", "access_denied");
        assertThat(audit("not_me")).singleElement().satisfies(e -> assertThat(e).containsEntry("detail", Attrs.s("denied")));
    }

    @Test
    void notMeWhenTheDeviceAlreadyHasItsTokensThenReportedSignedOutAndToldToRevoke() {
        Logins.Started started = logins.start(Seed.DEMO_CLIENT, "openid");
        EventBrowser tab = new EventBrowser(functions.verification);
        tab.signInWithCode(started.userCode(), Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        String form = "csrf=" + Logins.enc(tab.csrf()) + "&grant=" + Logins.enc(tab.field("grant")) + "&app="
                + Logins.enc(tab.field("app")) + "&sig=" + Logins.enc(tab.field("sig"));
        tab.decide("approve");
        functions.clock.advance(Duration.ofSeconds(5));
        assertThat(logins.poll(started.deviceCode(), Seed.DEMO_CLIENT).getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPResponse late = tab.post("/device/decision", form + "&decision=not_me");
        assertThat(EventBrowser.text(late.getBody())).contains("Thanks for telling us").contains("Your devices");
        assertThat(Attrs.str(logins.grantItem(started.deviceCode()), "status")).isEqualTo("REDEEMED");
        assertThat(audit("not_me")).singleElement().satisfies(e -> assertThat(e).containsEntry("detail", Attrs.s("already answered")));
        assertThat(tab.get("").getBody()).doesNotContain("Signed in as");
    }

    @Test
    void webhookWhenOneOrgsEndpointFailsThenAnotherOrgsEventInTheSameBatchIsStillDelivered() {
        configure("default", List.of("approved"));
        try (WebhookReceiver down = new WebhookReceiver()) {
            down.answering(500, 500, 500, 500);
            functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                    Keys.PK, Attrs.s(Keys.webhook("acme")), Keys.ORG, Attrs.s("acme"), "url", Attrs.s(down.url()),
                    "secret", Attrs.s(secret), "events", Attrs.list(List.of("all")))));
            Map<String, AttributeValue> acmeEvent = Map.of(Keys.PK, Attrs.s("AUDIT#acme#1796300000000#0001aaaaaaaa"),
                    Keys.ORG, Attrs.s("acme"), "event", Attrs.s("approved"), "at", Attrs.n(1796300000000L));
            Map<String, AttributeValue> defaultEvent = Map.of(Keys.PK, Attrs.s("AUDIT#default#1796300000001#0002bbbbbbbb"),
                    Keys.ORG, Attrs.s("default"), "event", Attrs.s("approved"), "at", Attrs.n(1796300000001L));
            functions.dynamo.putItem(p -> p.tableName(functions.table).item(acmeEvent));
            functions.dynamo.putItem(p -> p.tableName(functions.table).item(defaultEvent));
            var batch = StreamEvents.insertOf(acmeEvent, "5000");
            batch.getRecords().addAll(StreamEvents.insertOf(defaultEvent, "5001").getRecords());
            StreamsEventResponse answer = webhook.handleRequest(batch, invocation());
            assertThat(answer.getBatchItemFailures()).singleElement().satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("5000"));
            assertThat(down.deliveries()).hasSize(4);
            assertThat(receiver.deliveries()).singleElement().satisfies(d -> assertThat(d.id()).isEqualTo("evt_1796300000001_0002bbbbbbbb"));
        }
    }

    @Test
    void webhookTargetsInADeploymentArePublicHttpsAddressesOnly() {
        assertThat(WebhookTargets.sendable("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", false))
                .as("the Lambda runtime API").isFalse();
        assertThat(WebhookTargets.sendable("https://127.0.0.1/x", false)).isFalse();
        assertThat(WebhookTargets.sendable("https://169.254.170.2/v2/credentials", false)).isFalse();
        assertThat(WebhookTargets.sendable("https://10.1.2.3/hook", false)).isFalse();
        assertThat(WebhookTargets.sendable("https://192.168.0.10/hook", false)).isFalse();
        assertThat(WebhookTargets.sendable("https://[fd00::1]/hook", false)).isFalse();
        assertThat(WebhookTargets.sendable("https://203.0.113.7/hook", false)).isTrue();
        assertThat(WebhookTargets.sendable("http://127.0.0.1:9001/hook", true)).as("local mode").isTrue();
    }

    @Test
    void webhookWhenTheFunctionIsNotInLocalModeThenALoopbackUrlIsNeverCalled() {
        configure("default", List.of());
        Logins.Started started = logins.start(Seed.DEMO_CLIENT, "openid");
        reportedLogin(new EventBrowser(functions.verification), started);
        Map<String, Object> deployed = new java.util.HashMap<>(Map.of("cliauth.table", functions.table,
                "cliauth.dynamodb.endpoint", dev.cliauth.local.LocalDynamo.IN_PROCESS_ENDPOINT));
        try (WebhookHandler asDeployed = new WebhookHandler(deployed, dev.cliauth.testing.TestDynamo.httpClient(),
                (WebhookSender.Pause) pauses::add)) {
            StreamsEventResponse answer = asDeployed.handleRequest(StreamEvents.insertOf(audit("not_me").get(0), "6000"),
                    invocation());
            assertThat(answer.getBatchItemFailures()).as("nothing to retry: the URL can never be used").isEmpty();
        }
        assertThat(receiver.deliveries()).isEmpty();
    }
}
