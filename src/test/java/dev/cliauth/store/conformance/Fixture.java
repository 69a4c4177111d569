package dev.cliauth.store.conformance;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** One template.yaml table per target and JVM, fresh keys per test, and short attribute values. */
final class Fixture {

    private static final Map<String, String> TABLES = new ConcurrentHashMap<>();

    private Fixture() {
    }

    /** The suite's table on {@code store}, created on first use. */
    static String table(Store store) {
        return TABLES.computeIfAbsent(store.name(), n -> store.newTable());
    }

    /** A partition key no other test uses. */
    static String pk(String what) {
        return "CONF#" + what + "#" + UUID.randomUUID();
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static AttributeValue b(byte[] v) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    static AttributeValue list(AttributeValue... v) {
        return AttributeValue.fromL(List.of(v));
    }

    static AttributeValue ss(String... v) {
        return AttributeValue.fromSs(List.of(v));
    }

    /** An item from name, value pairs. */
    static Map<String, AttributeValue> item(Object... pairs) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return m;
    }

    /** The stored item (strongly consistent), empty when none. */
    static Map<String, AttributeValue> stored(Store store, String pk) {
        return store.client().getItem(g -> g.tableName(table(store)).key(key(pk)).consistentRead(true)).item();
    }

    static void put(Store store, Map<String, AttributeValue> item) {
        store.client().putItem(p -> p.tableName(table(store)).item(item));
    }
}
