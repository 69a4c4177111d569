package dev.cliauth.grant;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.local.Seed;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.ConsumedCapacityLog;
import dev.cliauth.testing.TestDynamo;
import dev.cliauth.verification.Pages;
import dev.cliauth.verification.Session;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sparse user-code index on the tests' DynamoDB engine, built from template.yaml: it carries what the
 * verification page's lookup needs and none of what a poll writes, so a pending poll writes the
 * grant alone (1 WRU instead of 2).
 */
class UserCodeIndexTest {

    private static final AtomicLong SEQ = new AtomicLong();
    private static final ConsumedCapacityLog CAPACITY = new ConsumedCapacityLog();
    private static String table;
    private static GrantRepository grants;

    @BeforeAll
    static void createTable() {
        table = TestDynamo.newTable();
        grants = new GrantRepository(CAPACITY.client(), new ServiceSettings(null, table));
        new Seed(TestDynamo.client(), table).account("demo@example.com", "demo-user-1", "Demo", "pw-demo-123", false);
    }

    private static DeviceGrant pending(long now) {
        long n = SEQ.incrementAndGet() * 7919 + System.nanoTime() % 1000;
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            code.append("BCDFGHJKLMNPQRSTVWXZ".charAt((int) (n % 20)));
            n /= 20;
        }
        return new DeviceGrant("hash-" + SEQ.incrementAndGet() + "-" + System.nanoTime(), "default", code.toString(),
                "demo-cli", "Demo CLI <&>", List.of("openid", "email", "offline_access"), GrantStatus.PENDING,
                now - 90_000, now + 600_000, 5, 4_000, now, 0, 160, "198.51.100.7", "curl/8.5.0 (x86_64-pc-linux-gnu)",
                null, null, null, 0);
    }

    private static Map<String, AttributeValue> baseItem(DeviceGrant g) {
        return TestDynamo.client().getItem(r -> r.tableName(table).key(Attrs.key(Keys.grant(g.deviceCodeHash())))
                .consistentRead(true)).item();
    }

    private static List<Map<String, AttributeValue>> indexItems(DeviceGrant g) {
        return TestDynamo.client().query(q -> q.tableName(table).indexName(Keys.USER_CODE_INDEX)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", Keys.USER_CODE_KEY))
                .expressionAttributeValues(Map.of(":k", Attrs.s(Keys.userCodeIndex(g.org(), g.userCode()))))).items();
    }

    /** Names whose value differs between two versions of an item (added, changed or removed). */
    private static Set<String> changed(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        names.removeIf(n -> Objects.equals(before.get(n), after.get(n)));
        return names;
    }

    @Test
    void templateProjectsExactlyTheLookupAttributesAndTheStoreBuildsThatIndex() {
        var projection = TestDynamo.template().table("t").globalSecondaryIndexes().get(0).projection();
        assertThat(projection.projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(projection.nonKeyAttributes()).containsExactlyInAnyOrderElementsOf(GrantItems.INDEX_ATTRIBUTES);
        assertThat(projection.nonKeyAttributes()).as("DynamoDB: at most 20 across all indexes").hasSizeLessThanOrEqualTo(20);

        GlobalSecondaryIndexDescription built = TestDynamo.client().describeTable(d -> d.tableName(table)).table()
                .globalSecondaryIndexes().get(0);
        assertThat(built.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(built.projection().nonKeyAttributes()).containsExactlyInAnyOrderElementsOf(GrantItems.INDEX_ATTRIBUTES);
    }

    @Test
    void indexEntryOfPolledPendingGrantHoldsTheLookupAttributesAndNoPollState() {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(now);
        grants.create(g, now);
        Map<String, AttributeValue> created = baseItem(g);

        assertThat(grants.poll(g.deviceCodeHash(), "default", "demo-cli", now)).isInstanceOf(GrantRepository.Poll.Accepted.class);
        var refused = grants.poll(g.deviceCodeHash(), "default", "demo-cli", now + 1_000);
        assertThat(refused).isInstanceOf(GrantRepository.Poll.Refused.class);
        grants.slowDown(((GrantRepository.Poll.Refused) refused).grant(), now + 1_000);
        Set<String> pollWrites = changed(created, baseItem(g));
        assertThat(pollWrites).as("what a poll and a slow_down write")
                .contains("next_poll_at", "last_poll_at", "polls", "interval_s", "poll_gap_ms");

        assertThat(indexItems(g)).singleElement().satisfies(entry -> {
            Set<String> expected = new HashSet<>(GrantItems.INDEX_ATTRIBUTES);
            expected.addAll(List.of(Keys.PK, Keys.USER_CODE_KEY));
            assertThat(entry.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(entry.keySet()).doesNotContainAnyElementsOf(pollWrites);
        });
    }

    @Test
    void findByUserCodeGivesTheConfirmationPageEverythingItShows() {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(now);
        grants.create(g, now);
        grants.poll(g.deviceCodeHash(), "default", "demo-cli", now);

        IndexedGrant fromIndex = grants.findByUserCode("default", g.userCode()).get(0);
        IndexedGrant fromBase = GrantItems.fromItem(baseItem(g)).indexed();

        assertThat(fromIndex).isEqualTo(g.indexed()).isEqualTo(fromBase);
        Session session = new Session("session-1", "demo-user-1", "demo@example.com", "Demo", now + 3_600_000, now);
        assertThat(Pages.confirm("csrf", "sig", fromIndex, session, now))
                .as("the confirmation page from the index entry is the page from the grant itself")
                .isEqualTo(Pages.confirm("csrf", "sig", fromBase, session, now));
    }

    @Test
    void decisionFromTheIndexEntryIsTheConditionalWriteOnTheGrant() {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(now);
        grants.create(g, now);
        IndexedGrant fromIndex = grants.findByUserCode("default", g.userCode()).get(0);

        assertThat(grants.decide(fromIndex, true, "demo-user-1", "demo@example.com", "Demo", now))
                .isEqualTo(GrantRepository.Decision.DONE);
        assertThat(Attrs.str(baseItem(g), GrantItems.STATUS)).isEqualTo("APPROVED");
        assertThat(grants.decide(fromIndex, false, "demo-user-1", "demo@example.com", "Demo", now))
                .as("a stale index entry cannot decide twice").isEqualTo(GrantRepository.Decision.ALREADY_DECIDED);
    }

    @Test
    void pendingPollAndSlowDownConsumeNoIndexWrite() {
        long now = System.currentTimeMillis();
        DeviceGrant g = pending(now);
        CAPACITY.reset();
        grants.create(g, now);
        assertThat(CAPACITY.calls()).singleElement().as("control: the store reports index writes")
                .satisfies(c -> assertThat(c.index(Keys.USER_CODE_INDEX)).isPositive());

        CAPACITY.reset();
        grants.poll(g.deviceCodeHash(), "default", "demo-cli", now);
        var refused = (GrantRepository.Poll.Refused) grants.poll(g.deviceCodeHash(), "default", "demo-cli", now + 1_000);
        grants.slowDown(refused.grant(), now + 1_000);
        assertThat(CAPACITY.calls()).as("the accepted poll and the slow_down (a refused write answers no capacity)")
                .extracting(ConsumedCapacityLog.Call::operation).containsExactly("UpdateItem", "UpdateItem");
        assertThat(CAPACITY.calls()).allSatisfy(c -> {
            assertThat(c.table()).isPositive();
            assertThat(c.indexes()).as(c.operation()).isEmpty();
        });

        CAPACITY.reset();
        grants.decide(g.indexed(), false, "demo-user-1", "demo@example.com", "Demo", now + 2_000);
        assertThat(CAPACITY.calls()).singleElement().as("control: the decision takes the grant out of the index")
                .satisfies(c -> assertThat(c.index(Keys.USER_CODE_INDEX)).isPositive());
    }

    @Test
    void fromIndexItemWhenALookupAttributeIsMissingThenFailsInsteadOfShowingABlank() {
        Map<String, AttributeValue> entry = new HashMap<>(GrantItems.toItem(pending(System.currentTimeMillis())));
        entry.keySet().retainAll(GrantItems.INDEX_ATTRIBUTES);
        entry.put(Keys.PK, Attrs.s(Keys.grant("h")));
        assertThat(GrantItems.fromIndexItem(entry).requesterIp()).isEqualTo("198.51.100.7");

        entry.remove(GrantItems.REQUESTER_IP);
        assertThatThrownBy(() -> GrantItems.fromIndexItem(entry))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(GrantItems.REQUESTER_IP);
    }
}
