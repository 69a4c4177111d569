package dev.cliauth.store.conformance;

import dev.cliauth.local.SamTemplate;
import org.junit.jupiter.api.DisplayName;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.Map;

import static dev.cliauth.store.conformance.Fixture.item;
import static dev.cliauth.store.conformance.Fixture.key;
import static dev.cliauth.store.conformance.Fixture.n;
import static dev.cliauth.store.conformance.Fixture.pk;
import static dev.cliauth.store.conformance.Fixture.put;
import static dev.cliauth.store.conformance.Fixture.s;
import static dev.cliauth.store.conformance.Fixture.stored;
import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;

/** The TTL attribute of template.yaml, set by UpdateTimeToLive when a table is created. */
class TimeToLiveConformanceTest {

    /**
     * API Reference, UpdateTimeToLive: "The UpdateTimeToLive method enables or disables Time to Live
     * (TTL) for the specified table." DescribeTimeToLive: "Gives a description of the Time to Live (TTL)
     * status on the specified table."
     */
    @StoreTest
    @DisplayName("the table created from template.yaml has TTL enabled on its TTL attribute")
    void ttlEnabledOnTemplateAttribute(Store store) {
        TimeToLiveDescription ttl = store.client().describeTimeToLive(d -> d.tableName(table(store))).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        assertThat(ttl.attributeName()).isEqualTo(SamTemplate.load().ttlAttribute());
    }

    /**
     * Developer Guide, "Time to Live": "Items that have expired, but haven't yet been deleted by TTL,
     * still appear in reads, queries, and scans." cliauth therefore checks expires_at itself; the engine
     * never deletes expired items (DynamoDB deletes them within days).
     */
    @StoreTest
    @DisplayName("an item whose TTL passed long ago is still read, and still satisfies attribute_exists")
    void expiredItemStillRead(Store store) {
        String pk = pk("ttl-expired");
        put(store, item("pk", s(pk), "ttl", n("1000"), "expires_at", n("1000000")));
        assertThat(stored(store, pk)).containsEntry("ttl", n("1000"));
        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET seen = :t")
                .conditionExpression("attribute_exists(pk) AND #e <= :now").expressionAttributeNames(Map.of("#e", "expires_at"))
                .expressionAttributeValues(Map.of(":t", Fixture.bool(true), ":now", n("2000000"))));
        assertThat(stored(store, pk)).containsEntry("seen", Fixture.bool(true));
    }
}
