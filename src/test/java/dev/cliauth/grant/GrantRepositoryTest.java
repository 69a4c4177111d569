package dev.cliauth.grant;

import dev.cliauth.config.Functions;
import dev.cliauth.local.Seed;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.Concurrently;
import dev.cliauth.testing.TestDynamo;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grant state machine, as the verification function's bean, on the tests' DynamoDB:
 * conditional writes decide every race.
 */
@MicronautTest(environments = Functions.VERIFICATION, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantRepositoryTest implements TestPropertyProvider {

    private static final AtomicLong SEQ = new AtomicLong();
    private static String table;

    @Inject
    GrantRepository grants;

    /** The function's settings for this class: its own table, on the tests' DynamoDB endpoint. */
    @Override
    public Map<String, String> getProperties() {
        table = TestDynamo.newTable();
        new Seed(TestDynamo.client(), table).account("demo@example.com", "demo-user-1", "Demo", "pw-demo-123", false);
        return Map.of("cliauth.table", table, "cliauth.dynamodb.endpoint", TestDynamo.endpoint());
    }

    private static DeviceGrant pending(String userCode, long now) {
        String hash = "hash-" + SEQ.incrementAndGet() + "-" + System.nanoTime();
        return new DeviceGrant(hash, "default", userCode, "demo-cli", "Demo CLI", List.of("openid"),
                GrantStatus.PENDING, now, now + 600_000, 5, 4_000, now, 0, 160, "192.0.2.1", "test", null, null, null, 0);
    }

    private DeviceGrant pendingStored(long createdAt) {
        DeviceGrant g = pending(uniqueCode(), createdAt);
        grants.create(g, createdAt);
        return g;
    }

    private static String uniqueCode() {
        long n = SEQ.incrementAndGet() * 7919 + System.nanoTime() % 1000;
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            code.append("BCDFGHJKLMNPQRSTVWXZ".charAt((int) (n % 20)));
            n /= 20;
        }
        return code.toString();
    }

    private static Map<String, AttributeValue> item(DeviceGrant g) {
        return TestDynamo.client().getItem(r -> r.tableName(table).key(Attrs.key(Keys.grant(g.deviceCodeHash())))
                .consistentRead(true)).item();
    }

    @Test
    void createWhenUserCodeHeldByLiveGrantThenRefusedAndNothingWritten() {
        long now = System.currentTimeMillis();
        String code = uniqueCode();
        DeviceGrant first = pending(code, now);
        DeviceGrant second = pending(code, now);
        assertThat(grants.create(first, now)).isTrue();
        assertThat(grants.create(second, now)).isFalse();
        assertThat(item(second)).as("second grant not written").isEmpty();
        assertThat(grants.findByUserCode("default", code)).hasSize(1);
    }

    @Test
    void createWhenUserCodeHeldByExpiredGrantThenReused() {
        long now = System.currentTimeMillis();
        String code = uniqueCode();
        DeviceGrant old = pending(code, now - 700_000);
        assertThat(grants.create(old, now - 700_000)).isTrue();
        assertThat(grants.create(pending(code, now), now)).isTrue();
    }

    @Test
    void pollWhenOnTimeThenRecordedAndWhenTooSoonThenRefusedWithOldState() {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(uniqueCode(), now);
        grants.create(g, now);
        assertThat(grants.poll(g.deviceCodeHash(), "default", "demo-cli", now)).isInstanceOf(GrantRepository.Poll.Accepted.class);
        assertThat(Attrs.num(item(g), "next_poll_at", 0)).isEqualTo(now + 4_000);
        var refused = grants.poll(g.deviceCodeHash(), "default", "demo-cli", now + 1_000);
        assertThat(refused).isInstanceOf(GrantRepository.Poll.Refused.class);
        assertThat(Attrs.num(item(g), "polls", 0)).isEqualTo(1);
        assertThat(grants.slowDown(((GrantRepository.Poll.Refused) refused).grant(), now + 1_000)).isEqualTo(10);
        assertThat(Attrs.num(item(g), "poll_gap_ms", 0)).isEqualTo(9_000);
    }

    @Test
    void pollWhenUnknownThenUnknownAndNoItemCreated() {
        assertThat(grants.poll("no-such-hash", "default", "demo-cli", 1)).isInstanceOf(GrantRepository.Poll.Unknown.class);
        assertThat(TestDynamo.client().getItem(r -> r.tableName(table).key(Attrs.key(Keys.grant("no-such-hash")))).item()).isEmpty();
    }

    @Test
    void decideWhenAlreadyDecidedThenNotPendingAndFirstDecisionStands() {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(uniqueCode(), now);
        grants.create(g, now);
        assertThat(grants.decide(g.indexed(), false, "demo-user-1", "demo@example.com", "Demo", now)).isEqualTo(GrantRepository.Decision.DONE);
        assertThat(grants.decide(g.indexed(), true, "demo-user-1", "demo@example.com", "Demo", now)).isEqualTo(GrantRepository.Decision.ALREADY_DECIDED);
        assertThat(grants.decide(pendingStored(now - 700_000).indexed(), true, "demo-user-1", "demo@example.com", "Demo", now))
                .isEqualTo(GrantRepository.Decision.EXPIRED);
        assertThat(grants.decide("default", "no-such-hash", true, new Approver("demo-user-1", "demo@example.com", "Demo", true, null, now), now, null))
                .isEqualTo(GrantRepository.Decision.UNKNOWN);
        assertThat(grants.decide("other-org", g.deviceCodeHash(), false, new Approver("demo-user-1", "demo@example.com", "Demo", true, null, now), now, null))
                .as("another org's grant is unknown").isEqualTo(GrantRepository.Decision.UNKNOWN);
        assertThat(Attrs.str(item(g), "status")).isEqualTo("DENIED");
        assertThat(item(g)).as("decided grant leaves the user-code index").doesNotContainKey(Keys.USER_CODE_KEY);
    }

    @Test
    void decideWhenAccountMissingThenAccountUnavailableAndStillPending() {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(uniqueCode(), now);
        grants.create(g, now);
        assertThat(grants.decide(g.indexed(), true, "x", "nobody@example.com", "X", now)).isEqualTo(GrantRepository.Decision.ACCOUNT_UNAVAILABLE);
        assertThat(Attrs.str(item(g), "status")).isEqualTo("PENDING");
    }

    @RepeatedTest(25)
    void approveAndDenyRacingThenExactlyOneTerminalState() throws Exception {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(uniqueCode(), now);
        grants.create(g, now);
        List<Callable<GrantRepository.Decision>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean approve = i % 2 == 0;
            racers.add(() -> grants.decide(g.indexed(), approve, "demo-user-1", "demo@example.com", "Demo", now));
        }
        List<GrantRepository.Decision> outcomes = Concurrently.run(racers);
        assertThat(outcomes.stream().filter(o -> o == GrantRepository.Decision.DONE).count()).isEqualTo(1);
        assertThat(Attrs.str(item(g), "status")).isIn("APPROVED", "DENIED");
    }

    @RepeatedTest(25)
    void redeemWhenFiftyConcurrentThenExactlyOneWins() throws Exception {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(uniqueCode(), now);
        grants.create(g, now);
        grants.decide(g.indexed(), true, "demo-user-1", "demo@example.com", "Demo", now);
        DeviceGrant approved = ((GrantRepository.Poll.Accepted) grants.poll(g.deviceCodeHash(), "default", "demo-cli", now)).grant();
        List<Callable<GrantRepository.Redemption>> racers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String jti = "jti-" + i;
            racers.add(() -> grants.redeem(approved, jti, now + 3_600_000, now));
        }
        List<GrantRepository.Redemption> outcomes = Concurrently.run(racers);
        assertThat(outcomes.stream().filter(o -> o == GrantRepository.Redemption.REDEEMED).count()).isEqualTo(1);
        assertThat(outcomes).filteredOn(o -> o != GrantRepository.Redemption.REDEEMED)
                .containsOnly(GrantRepository.Redemption.NOT_APPROVED);
        assertThat(Attrs.str(item(g), "status")).isEqualTo("REDEEMED");
    }
}
