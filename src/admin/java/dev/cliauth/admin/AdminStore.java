package dev.cliauth.admin;

import dev.cliauth.org.OrgId;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tool's reads and writes. Every change is one conditional write (a transaction with a check
 * that the org exists, where the item belongs to an org other than {@code default}), so a refused
 * command changes nothing and two operators racing cannot both create the same thing.
 */
final class AdminStore {

    private static final String ENABLED = "attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)";

    private final DynamoDbClient dynamo;
    private final String table;

    AdminStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    Optional<Map<String, AttributeValue>> get(String pk) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Attrs.key(pk)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Writes a new item; refused when its key exists or its org does not (or is disabled). */
    void create(String org, Map<String, AttributeValue> item, String what) {
        TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")).build();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put);
        if (!OrgId.DEFAULT.equals(org) && !item.get(Keys.PK).s().equals(Keys.org(org))) {
            writes.add(orgEnabled(org));
        }
        try {
            dynamo.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException e) {
            String first = e.cancellationReasons().get(0).code();
            if ("ConditionalCheckFailed".equals(first)) {
                throw new Refused(what + " already exists");
            }
            if (writes.size() > 1 && "ConditionalCheckFailed".equals(e.cancellationReasons().get(1).code())) {
                throw new Refused("org " + org + " does not exist or is disabled");
            }
            throw e;
        }
    }

    /** Writes an item whether or not it exists; refused when its org does not exist (or is disabled). */
    void replace(String org, Map<String, AttributeValue> item, String what) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
        if (!OrgId.DEFAULT.equals(org)) {
            writes.add(orgEnabled(org));
        }
        try {
            dynamo.transactWriteItems(t -> t.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (writes.size() > 1 && "ConditionalCheckFailed".equals(e.cancellationReasons().get(1).code())) {
                throw new Refused("org " + org + " does not exist or is disabled");
            }
            throw e;
        }
    }

    /** Deletes an item; refused when it does not exist. */
    void delete(String pk, String what) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Attrs.key(pk)).conditionExpression("attribute_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            throw new Refused(what + " does not exist");
        }
    }

    /** {@code SET} of the given attributes on an existing item; refused when it does not exist. */
    void update(String pk, Map<String, AttributeValue> set, String what) {
        update(pk, set, List.of(), what);
    }

    /** Puts an existing item into the portal list {@code list} at {@code sort}, if it is in none; whether it was put. */
    boolean listed(String pk, String list, String sort) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Attrs.key(pk)).updateExpression("SET #l = :l, #s = :s")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(#l)")
                    .expressionAttributeNames(Map.of("#l", Keys.ORG_LIST, "#s", Keys.ORG_SORT))
                    .expressionAttributeValues(Map.of(":l", Attrs.s(list), ":s", Attrs.s(sort))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** {@code REMOVE} of one attribute of an existing item. */
    void remove(String pk, String attribute, String what) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Attrs.key(pk)).updateExpression("REMOVE #a")
                    .conditionExpression("attribute_exists(pk)").expressionAttributeNames(Map.of("#a", attribute)));
        } catch (ConditionalCheckFailedException e) {
            throw new Refused(what + " does not exist");
        }
    }

    /** {@code SET} of the given attributes and {@code REMOVE} of others, in one conditional write. */
    void update(String pk, Map<String, AttributeValue> set, List<String> remove, String what) {
        if (set.isEmpty()) {
            throw new UsageError("nothing to change: give at least one option");
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> parts = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : set.entrySet()) {
            names.put("#a" + i, e.getKey());
            values.put(":v" + i, e.getValue());
            parts.add("#a" + i + " = :v" + i);
            i++;
        }
        StringBuilder removes = new StringBuilder();
        for (int r = 0; r < remove.size(); r++) {
            names.put("#r" + r, remove.get(r));
            removes.append(r == 0 ? " REMOVE " : ", ").append("#r").append(r);
        }
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Attrs.key(pk))
                    .updateExpression("SET " + String.join(", ", parts) + removes)
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw new Refused(what + " does not exist");
        }
    }

    /** Every item whose key starts with {@code prefix}: a paged Scan, for operators only (never on a request path). */
    List<Map<String, AttributeValue>> list(String prefix) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(s -> s.tableName(table).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                if (Attrs.str(item, Keys.PK).startsWith(prefix)) {
                    out.add(item);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort((a, b) -> Attrs.str(a, Keys.PK).compareTo(Attrs.str(b, Keys.PK)));
        return out;
    }

    private TransactWriteItem orgEnabled(String org) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(Attrs.key(Keys.org(org)))
                .conditionExpression(ENABLED).expressionAttributeValues(Map.of(":false", Attrs.bool(false)))).build();
    }

    /** The attributes of an item to show: everything but its key and what must never be shown. */
    static Map<String, Object> shown(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String k = e.getKey();
            if (k.equals(Keys.PK) || k.equals("password_hash") || k.equals("secret_sha256") || k.equals("client_secret")
                    || k.equals("secret") || k.equals(Keys.ORG_LIST) || k.equals(Keys.ORG_SORT) || k.equals("invite_sha256")) {
                return;
            }
            AttributeValue v = e.getValue();
            Object value = v.s() != null ? v.s() : v.n() != null ? (Object) new java.math.BigDecimal(v.n())
                    : v.bool() != null ? v.bool() : v.hasL() ? v.l().stream().map(AttributeValue::s).toList() : null;
            if (value != null) {
                out.put(k, value);
            }
        });
        return out;
    }
}
