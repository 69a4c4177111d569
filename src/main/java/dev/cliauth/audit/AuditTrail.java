package dev.cliauth.audit;

import dev.cliauth.config.AuditSettings;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.org.Org;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Writes the audit trail (SPEC §13): each event is a structured log line ({@code cliauth.audit},
 * its fields beside the message) and an item {@code AUDIT#<org>#<time>#<random>} kept for the
 * org's retention ({@code audit_retention_s} on its item, else {@code cliauth.audit.retention},
 * 90 days), which outlives the grant it tells of. An event that comes of a state change goes into
 * that change's own transaction ({@link #put}, then {@link #logged} once it commits), so it costs
 * no extra DynamoDB call and is stored exactly when the change is; any other event is written on
 * its own ({@link #record}), where the log line is the record that cannot be lost and the item is
 * best effort.
 */
@Singleton
public class AuditTrail {

    private static final Logger AUDIT = LoggerFactory.getLogger("cliauth.audit");
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final DynamoDbClient dynamo;
    private final String table;
    private final OrgRepository orgs;
    private final AuditSettings settings;
    private final SecureRandom random;
    private final java.util.concurrent.atomic.AtomicInteger sequence = new java.util.concurrent.atomic.AtomicInteger();

    public AuditTrail(DynamoDbClient dynamo, ServiceSettings service, OrgRepository orgs, AuditSettings settings,
                      SecureRandom random) {
        this.dynamo = dynamo;
        this.table = service.table();
        this.orgs = orgs;
        this.settings = settings;
        this.random = random;
    }

    /** The event's item as a write of a caller's transaction; {@link #logged} it when that commits. */
    public TransactWriteItem put(AuditEvent event) {
        Map<String, AttributeValue> item = item(event);
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    /** The event's log line. */
    public void logged(AuditEvent e) {
        LoggingEventBuilder line = AUDIT.atInfo()
                .addKeyValue("event", e.type().id())
                .addKeyValue("org", e.org())
                .addKeyValue("at", e.at());
        put(line, "email", e.email());
        put(line, "subject", e.subject());
        put(line, "client_id", e.clientId());
        if (!e.scopes().isEmpty()) {
            line.addKeyValue("scopes", String.join(" ", e.scopes()));
        }
        put(line, "source_ip", e.sourceIp());
        put(line, "user_agent", e.userAgent());
        put(line, "detail", e.detail());
        put(line, "login", e.login());
        put(line, "client_name", e.clientName());
        put(line, "requester_ip", e.requesterIp());
        put(line, "requester_agent", e.requesterAgent());
        line.log("audit " + e.type().id());
    }

    /** Logs the event and stores its item on its own; a failed store is logged, and the request goes on. */
    public void record(AuditEvent event) {
        logged(event);
        try {
            Map<String, AttributeValue> item = item(event);
            Dynamo.call("PutItem audit event", () -> dynamo.putItem(p -> p.tableName(table).item(item)));
        } catch (RuntimeException e) {
            LOG.warn("audit item of {} not stored ({}); its log line stands", event.type().id(), e.getClass().getName());
        }
    }

    private static void put(LoggingEventBuilder line, String key, String value) {
        if (value != null) {
            line.addKeyValue(key, value);
        }
    }

    Map<String, AttributeValue> item(AuditEvent e) {
        byte[] id = new byte[4];
        random.nextBytes(id);
        // Within one millisecond an instance's events keep their order; the random part keeps instances apart.
        String unique = String.format(java.util.Locale.ROOT, "%04x", sequence.getAndIncrement() & 0xffff)
                + HexFormat.of().formatHex(id);
        Duration retention = orgs.find(e.org()).map(Org::auditRetention).orElse(null);
        long keepUntil = e.at() + (retention != null ? retention : settings.retention()).toMillis();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.audit(e.org(), e.at(), unique)));
        item.put(Keys.ORG, Attrs.s(e.org()));
        item.put(Keys.ORG_LIST, Attrs.s(Keys.auditList(e.org())));
        item.put(Keys.ORG_SORT, Attrs.s(Keys.auditSort(e.at(), unique)));
        item.put("event", Attrs.s(e.type().id()));
        item.put("at", Attrs.n(e.at()));
        optional(item, "email", e.email());
        optional(item, "subject", e.subject());
        optional(item, "client_id", e.clientId());
        if (!e.scopes().isEmpty()) {
            item.put("scopes", Attrs.list(e.scopes()));
        }
        optional(item, "source_ip", e.sourceIp());
        optional(item, "user_agent", e.userAgent());
        optional(item, "detail", e.detail());
        optional(item, "login", e.login());
        optional(item, "client_name", e.clientName());
        optional(item, "requester_ip", e.requesterIp());
        optional(item, "requester_agent", e.requesterAgent());
        item.put(Keys.TTL, Attrs.n(keepUntil / 1000));
        return item;
    }

    private static void optional(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, Attrs.s(value));
        }
    }
}
