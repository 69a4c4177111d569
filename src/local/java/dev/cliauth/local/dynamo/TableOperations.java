package dev.cliauth.local.dynamo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/** CreateTable, DescribeTable, UpdateTimeToLive and DescribeTimeToLive (DynamoDB API Reference). */
final class TableOperations {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Set<String> KEY_TYPES = Set.of("S", "N", "B");
    private static final Set<String> PROJECTIONS = Set.of("ALL", "KEYS_ONLY", "INCLUDE");
    private static final Set<String> BILLING = Set.of("PROVISIONED", "PAY_PER_REQUEST");

    private final ConcurrentMap<String, Table> tables;
    private final Clock clock;

    private DynamoEngine.InsertListener inserts = (table, item) -> { };

    void inserts(DynamoEngine.InsertListener listener) {
        this.inserts = listener;
    }

    TableOperations(ConcurrentMap<String, Table> tables, Clock clock) {
        this.tables = tables;
        this.clock = clock;
    }

    Map<String, Object> createTable(Request r) {
        r.refuse("CreateTable", "LocalSecondaryIndexes", "StreamSpecification");
        String name = r.required("TableName");
        if (!TABLE_NAME.matcher(name).matches()) {
            throw DynamoException.validation("TableName must be 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.'");
        }
        Map<String, String> types = new LinkedHashMap<>();
        List<Map<String, Object>> definitions = new ArrayList<>();
        for (Object o : nonEmpty(r.list("AttributeDefinitions"), "AttributeDefinitions")) {
            Request d = Request.of(o);
            String attribute = d.required("AttributeName");
            String type = d.choice("AttributeType", null, KEY_TYPES);
            if (type == null || types.put(attribute, type) != null) {
                throw DynamoException.validation("Invalid AttributeDefinitions for " + attribute);
            }
            definitions.add(Map.of("AttributeName", attribute, "AttributeType", type));
        }
        Set<String> used = new LinkedHashSet<>();
        KeySchema key = keySchema(r.list("KeySchema"), types, used);
        String billing = r.choice("BillingMode", "PROVISIONED", BILLING);
        if (billing.equals("PROVISIONED") && !r.has("ProvisionedThroughput")) {
            throw DynamoException.validation("One or more parameter values were invalid: ReadCapacityUnits and"
                    + " WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        List<Index> indexes = new ArrayList<>();
        Set<String> indexNames = new HashSet<>();
        List<Object> gsis = r.list("GlobalSecondaryIndexes");
        for (Object o : gsis == null ? List.of() : gsis) {
            Request g = Request.of(o);
            String indexName = g.required("IndexName");
            if (!indexNames.add(indexName)) {
                throw DynamoException.validation("One or more parameter values were invalid: Duplicate index name: " + indexName);
            }
            KeySchema indexKey = keySchema(g.list("KeySchema"), types, used);
            Request projection = g.object("Projection");
            if (projection == null) {
                throw DynamoException.validation("One or more parameter values were invalid: Projection of index "
                        + indexName + " must be given");
            }
            String type = projection.choice("ProjectionType", "ALL", PROJECTIONS);
            List<String> nonKey = new ArrayList<>();
            List<Object> given = projection.list("NonKeyAttributes");
            if (given != null) {
                given.forEach(a -> nonKey.add(String.valueOf(a)));
            }
            if (!type.equals("INCLUDE") && !nonKey.isEmpty()) {
                throw DynamoException.validation("One or more parameter values were invalid: ProjectionType is " + type
                        + ", but NonKeyAttributes is specified");
            }
            if (type.equals("INCLUDE") && nonKey.isEmpty()) {
                throw DynamoException.validation("One or more parameter values were invalid: ProjectionType is INCLUDE,"
                        + " but NonKeyAttributes is not specified");
            }
            indexes.add(new Index(indexName, indexKey, key, type, nonKey));
        }
        if (!used.equals(types.keySet())) {
            throw DynamoException.validation("One or more parameter values were invalid: Some AttributeDefinitions are not"
                    + " used. AttributeDefinitions: " + types.keySet() + ", keys used: " + used);
        }
        Table table = new Table(name, key, definitions, billing, indexes, clock.instant(),
                (t, item) -> inserts.inserted(t, item));
        if (tables.putIfAbsent(name, table) != null) {
            throw DynamoException.inUse("Table already exists: " + name);
        }
        return Map.of("TableDescription", table.describe("ACTIVE"));
    }

    private static KeySchema keySchema(List<Object> elements, Map<String, String> types, Set<String> used) {
        List<Object> list = nonEmpty(elements, "KeySchema");
        if (list.size() > 2) {
            throw DynamoException.validation("1 validation error detected: Value at 'keySchema' failed to satisfy"
                    + " constraint: Member must have length less than or equal to 2");
        }
        String[] names = new String[2];
        for (int i = 0; i < list.size(); i++) {
            Request e = Request.of(list.get(i));
            String attribute = e.required("AttributeName");
            String keyType = e.required("KeyType");
            if (!keyType.equals(i == 0 ? "HASH" : "RANGE")) {
                throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
                        + " or the second is not a RANGE key type");
            }
            if (!types.containsKey(attribute)) {
                throw DynamoException.validation("One or more parameter values were invalid: Some index key attributes are"
                        + " not defined in AttributeDefinitions. Keys: [" + attribute + "], AttributeDefinitions: "
                        + types.keySet());
            }
            names[i] = attribute;
            used.add(attribute);
        }
        return new KeySchema(names[0], types.get(names[0]), names[1], names[1] == null ? null : types.get(names[1]));
    }

    private static List<Object> nonEmpty(List<Object> list, String member) {
        if (list == null || list.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return list;
    }

    Map<String, Object> describeTable(Request r, Table table) {
        return Map.of("Table", table.describe("ACTIVE"));
    }

    Map<String, Object> updateTimeToLive(Request r, Table table) {
        Request spec = r.object("TimeToLiveSpecification");
        if (spec == null) {
            throw DynamoException.validation("1 validation error detected: Value null at 'timeToLiveSpecification'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        String attribute = spec.required("AttributeName");
        boolean enable = spec.bool("Enabled");
        synchronized (table) {
            String current = table.ttlAttribute();
            if (enable && current != null) {
                throw DynamoException.validation("TimeToLive is already enabled");
            }
            if (!enable && current == null) {
                throw DynamoException.validation("TimeToLive is already disabled");
            }
            table.ttlAttribute(enable ? attribute : null);
        }
        return Map.of("TimeToLiveSpecification", Map.of("AttributeName", attribute, "Enabled", enable));
    }

    Map<String, Object> describeTimeToLive(Request r, Table table) {
        String attribute = table.ttlAttribute();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
        if (attribute != null) {
            d.put("AttributeName", attribute);
        }
        return Map.of("TimeToLiveDescription", d);
    }
}
