package dev.cliauth.portal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes of accounts in the org portal that must hold under races and must not claim what nobody
 * checked: an admin's change holds only while the admin still is one, and an invitation proves
 * nothing about the address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountChangesTest {

    /** Holds the first write to {@code pk} (after {@link #arm}), alone or in a transaction, until {@link #release}. */
    static final class Gate implements ExecutionInterceptor {
        private volatile String pk;
        volatile CountDownLatch reached = new CountDownLatch(1);
        private volatile CountDownLatch go = new CountDownLatch(1);

        void arm(String pk) {
            reached = new CountDownLatch(1);
            go = new CountDownLatch(1);
            this.pk = pk;
        }

        void release() {
            go.countDown();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String armed = pk;
            if (armed != null && writes(context.request(), armed)) {
                synchronized (this) {
                    if (pk == null) {
                        return;
                    }
                    pk = null;
                }
                CountDownLatch wait = go;
                reached.countDown();
                try {
                    wait.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static boolean writes(Object request, String pk) {
        if (request instanceof UpdateItemRequest u) {
            return u.key().get(Keys.PK) != null && pk.equals(u.key().get(Keys.PK).s());
        }
        return request instanceof TransactWriteItemsRequest t && t.transactItems().stream()
                .anyMatch(i -> i.update() != null && pk.equals(i.update().key().get(Keys.PK).s())
                        || i.put() != null && pk.equals(i.put().item().get(Keys.PK).s()));
    }

    private static final AtomicInteger IDS = new AtomicInteger();
    private final Gate gate = new Gate();
    private Functions functions;

    @BeforeAll
    void start() {
        functions = Functions.start(Map.of(), gate);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    private static APIGatewayV2HTTPResponse page(EventBrowser browser, String path, String query) {
        return browser.send(Events.load("device-page").path(path).query(query));
    }

    private EventBrowser signedIn(String org, String email, String password) {
        EventBrowser browser = new EventBrowser(functions.verification).withPortal(functions.portal()).at("/orgs/" + org + "/device");
        page(browser, "/orgs/" + org + "/portal/applications", "");
        browser.post("/orgs/" + org + "/device/signin", "csrf=" + enc(browser.csrf()) + "&next=portal&username=" + enc(email)
                + "&password=" + enc(password));
        page(browser, "/orgs/" + org + "/portal/users", "");
        return browser;
    }

    private Map<String, AttributeValue> item(String pk) {
        return functions.dynamo.getItem(g -> g.tableName(functions.table).key(Attrs.key(pk)).consistentRead(true)).item();
    }

    /** An org of its own with two admins, each signed in to the portal in a browser of their own. */
    private record TwoAdmins(String org, String a, String b, EventBrowser browserA, EventBrowser browserB) {
    }

    private TwoAdmins twoAdmins() {
        String org = "race-" + IDS.incrementAndGet();
        String a = "a@" + org + ".example";
        String b = "b@" + org + ".example";
        functions.seed.org(org, "Race Org")
                .account(org, a, "sub-a-" + org, "A", "a-password", false).role(org, a, "admin")
                .account(org, b, "sub-b-" + org, "B", "b-password", false).role(org, b, "admin");
        EventBrowser browserA = signedIn(org, a, "a-password");
        EventBrowser browserB = signedIn(org, b, "b-password");
        assertThat(browserA.last.getStatusCode()).isEqualTo(200);
        assertThat(browserB.last.getStatusCode()).isEqualTo(200);
        return new TwoAdmins(org, a, b, browserA, browserB);
    }

    /**
     * Two admins, each removing the other's admin role at the same moment: A's request passes its
     * admin check and is held just before its write, B demotes A, then A's write goes. It must be
     * refused (403: A is no longer an admin), and the org keeps an admin.
     */
    @Test
    void demoteWhenTwoAdminsDemoteEachOtherAtOnceThenTheOrgStillHasAnAdmin() throws Exception {
        TwoAdmins two = twoAdmins();
        String org = two.org();
        String a = two.a();
        String b = two.b();
        EventBrowser adminA = two.browserA();
        EventBrowser adminB = two.browserB();

        gate.arm(Keys.user(org, b));
        String csrfA = adminA.csrf();
        CompletableFuture<APIGatewayV2HTTPResponse> aDemotesB = CompletableFuture.supplyAsync(() -> {
            adminA.post("/orgs/" + org + "/portal/users", "csrf=" + enc(csrfA) + "&action=user&email=" + enc(b));
            return adminA.posted;
        });
        assertThat(gate.reached.await(60, TimeUnit.SECONDS)).as("A's request reached its write").isTrue();
        adminB.post("/orgs/" + org + "/portal/users", "csrf=" + enc(adminB.csrf()) + "&action=user&email=" + enc(a));
        assertThat(adminB.posted.getStatusCode()).as("B demoted A").isEqualTo(303);
        assertThat(item(Keys.user(org, a))).doesNotContainKey("role");
        gate.release();
        APIGatewayV2HTTPResponse late = aDemotesB.get(60, TimeUnit.SECONDS);

        assertThat(late.getStatusCode()).as("A's late post, made after A stopped being an admin").isEqualTo(403);
        assertThat(item(Keys.user(org, b))).as("B is still an admin").containsEntry("role", Attrs.s("admin"));
    }

    /** As above for an invitation: one as admin, posted by an admin demoted while it was on its way, is refused. */
    @Test
    void inviteWhenTheInvitingAdminIsDemotedMeanwhileThenRefused() throws Exception {
        TwoAdmins two = twoAdmins();
        String org = two.org();
        String a = two.a();
        String x = "x@" + org + ".example";
        EventBrowser adminA = two.browserA();
        EventBrowser adminB = two.browserB();
        gate.arm(Keys.user(org, x));
        String csrfA = adminA.csrf();
        CompletableFuture<APIGatewayV2HTTPResponse> aInvites = CompletableFuture.supplyAsync(() -> adminA.post(
                "/orgs/" + org + "/portal/users", "csrf=" + enc(csrfA) + "&action=invite&email=" + enc(x) + "&name=X&admin=yes"));
        assertThat(gate.reached.await(60, TimeUnit.SECONDS)).as("A's invitation reached its write").isTrue();
        adminB.post("/orgs/" + org + "/portal/users", "csrf=" + enc(adminB.csrf()) + "&action=user&email=" + enc(a));
        assertThat(adminB.posted.getStatusCode()).as("B demoted A").isEqualTo(303);
        gate.release();
        assertThat(aInvites.get(60, TimeUnit.SECONDS).getStatusCode()).isEqualTo(403);
        assertThat(item(Keys.user(org, x))).as("no account, admin or not").isNullOrEmpty();
    }

    /**
     * An invitation is a link the admin passes on by hand: using it proves only that someone got
     * the link. Here the admin invites an address that is not theirs and opens the link themselves;
     * the ID token must not say the address is verified.
     */
    @Test
    void inviteWhenTheAdminOpensTheLinkThemselvesThenTokensDoNotClaimAVerifiedEmail() throws Exception {
        EventBrowser admin = signedIn("default", dev.cliauth.local.Seed.ADMIN_EMAIL, dev.cliauth.local.Seed.ADMIN_PASSWORD);
        String victim = "ceo-" + IDS.incrementAndGet() + "@other-company.example";
        APIGatewayV2HTTPResponse invited = admin.post("/portal/users", "csrf=" + enc(admin.csrf())
                + "&action=invite&email=" + enc(victim) + "&name=CEO");
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(invited.getBody());
        assertThat(link.find()).as(invited.getBody()).isTrue();
        String query = "email=" + enc(victim) + "&token=" + link.group(1);
        EventBrowser same = new EventBrowser(functions.verification).withPortal(functions.portal());
        page(same, "/portal/welcome", query);
        assertThat(same.post("/portal/welcome", "csrf=" + enc(same.csrf()) + "&" + query
                + "&password=chosen-by-admin&again=chosen-by-admin").getBody()).contains("Your password is set");

        dev.cliauth.testing.Logins logins = new dev.cliauth.testing.Logins(functions);
        dev.cliauth.testing.Logins.Started started = logins.start(dev.cliauth.local.Seed.DEMO_CLIENT, "openid email");
        EventBrowser cli = new EventBrowser(functions.verification);
        cli.signInWithCode(started.userCode(), victim, "chosen-by-admin");
        cli.decide("approve");
        functions.clock.advance(java.time.Duration.ofSeconds(5));
        APIGatewayV2HTTPResponse tokens = logins.poll(started.deviceCode(), dev.cliauth.local.Seed.DEMO_CLIENT);
        assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);
        String idToken = (String) Functions.json(tokens).get("id_token");
        Map<String, Object> claims = com.nimbusds.jwt.SignedJWT.parse(idToken).getJWTClaimsSet().getClaims();
        assertThat(claims.get("email")).isEqualTo(victim);
        assertThat(claims.get("email_verified")).as("email_verified of an address nobody proved to control").isEqualTo(false);
    }
}
