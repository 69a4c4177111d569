package dev.cliauth.portal;

import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An org's audit trail as the portal reads it (SPEC §13): newest first from the {@code org_items}
 * index, a page at a time, filtered by event, account and application. A filter that matches
 * little reads at most {@link #MOST_READ} events per page, then offers to read on.
 */
@Singleton
@Requires(env = Functions.PORTAL)
public class AuditLog {

    public static final int PAGE = 50;
    static final int MOST_READ = 500;

    private final DynamoDbClient dynamo;
    private final String table;

    public AuditLog(DynamoDbClient dynamo, ServiceSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.table();
    }

    /** What to show: each null for any. */
    public record Filter(@Nullable String event, @Nullable String email, @Nullable String clientId) {

        boolean matches(Map<String, AttributeValue> item) {
            return (event == null || event.equals(Attrs.str(item, "event")))
                    && (email == null || email.equals(Attrs.str(item, "email")))
                    && (clientId == null || clientId.equals(Attrs.str(item, "client_id")));
        }
    }

    /** One event as listed. */
    public record Entry(long at, String event, @Nullable String email, @Nullable String clientId,
                        @Nullable String sourceIp, @Nullable String userAgent, @Nullable String detail) {
    }

    /** A page of events and where the next one starts ({@code org_sort} of the last event read), null at the end. */
    public record Page(List<Entry> entries, @Nullable String next) {
    }

    /** The events of {@code org} matching {@code filter}, older than the event at {@code after} (null: the newest). */
    public Page read(String org, Filter filter, @Nullable String after) {
        List<Entry> out = new ArrayList<>();
        Map<String, AttributeValue> start = after == null ? null : Map.of(Keys.ORG_LIST, Attrs.s(Keys.auditList(org)),
                Keys.ORG_SORT, Attrs.s(after), Keys.PK, Attrs.s("AUDIT#" + org + "#" + after));
        int read = 0;
        String last = null;
        while (true) {
            QueryResponse page = OrgLists.query(dynamo, table, Keys.auditList(org), false, Math.min(100, MOST_READ - read), start);
            for (Map<String, AttributeValue> item : page.items()) {
                read++;
                last = Attrs.str(item, Keys.ORG_SORT);
                if (filter.matches(item)) {
                    out.add(new Entry(Attrs.num(item, "at", 0), Attrs.str(item, "event", ""), Attrs.str(item, "email"),
                            Attrs.str(item, "client_id"), Attrs.str(item, "source_ip"), Attrs.str(item, "user_agent"),
                            Attrs.str(item, "detail")));
                    if (out.size() == PAGE) {
                        return new Page(out, last);
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                return new Page(out, null);
            }
            if (read >= MOST_READ) {
                return new Page(out, last);
            }
        }
    }
}
