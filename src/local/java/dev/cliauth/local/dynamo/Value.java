package dev.cliauth.local.dynamo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value, immutable: the ten types of the API Reference's AttributeValue.
 * Numbers are normalised {@link BigDecimal}s, so equal numbers are equal records.
 */
sealed interface Value extends Json.Writable {

    /** The type's name on the wire: S, N, B, BOOL, NULL, L, M, SS, NS, BS. */
    String type();

    /** Bytes this value takes in an item (DynamoDB Developer Guide, "Item sizes and formats"). */
    int size();

    record S(String value) implements Value {
        public String type() {
            return "S";
        }

        public int size() {
            return utf8(value);
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"S\":");
            Json.string(value, out);
            out.append('}');
        }
    }

    record N(BigDecimal value) implements Value {
        public String type() {
            return "N";
        }

        public int size() {
            return Numbers.size(value);
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"N\":\"").append(Numbers.text(value)).append("\"}");
        }
    }

    record B(Bytes value) implements Value {
        public String type() {
            return "B";
        }

        public int size() {
            return value.length();
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"B\":\"").append(value.base64()).append("\"}");
        }
    }

    record Bool(boolean value) implements Value {
        public String type() {
            return "BOOL";
        }

        public int size() {
            return 1;
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"BOOL\":").append(value).append('}');
        }
    }

    record Null() implements Value {
        public String type() {
            return "NULL";
        }

        public int size() {
            return 1;
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"NULL\":true}");
        }
    }

    record L(List<Value> values) implements Value {
        public L {
            values = List.copyOf(values);
        }

        public String type() {
            return "L";
        }

        public int size() {
            int size = 3;
            for (Value v : values) {
                size += 1 + v.size();
            }
            return size;
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"L\":");
            Json.write(values, out);
            out.append('}');
        }
    }

    record M(Map<String, Value> values) implements Value {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public String type() {
            return "M";
        }

        public int size() {
            int size = 3;
            for (Map.Entry<String, Value> e : values.entrySet()) {
                size += 1 + utf8(e.getKey()) + e.getValue().size();
            }
            return size;
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"M\":");
            Json.write(values, out);
            out.append('}');
        }
    }

    record SS(Set<String> values) implements Value {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "SS";
        }

        public int size() {
            return values.stream().mapToInt(Value::utf8).sum();
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"SS\":");
            Json.write(values, out);
            out.append('}');
        }
    }

    record NS(Set<BigDecimal> values) implements Value {
        public NS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "NS";
        }

        public int size() {
            return values.stream().mapToInt(Numbers::size).sum();
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"NS\":");
            Json.write(values.stream().map(Numbers::text).toList(), out);
            out.append('}');
        }
    }

    record BS(Set<Bytes> values) implements Value {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "BS";
        }

        public int size() {
            return values.stream().mapToInt(Bytes::length).sum();
        }

        public void writeJson(StringBuilder out) {
            out.append("{\"BS\":");
            Json.write(values.stream().map(Bytes::base64).toList(), out);
            out.append('}');
        }
    }

    /** Reads one AttributeValue from its wire JSON, refusing what DynamoDB refuses. */
    @SuppressWarnings("unchecked")
    static Value fromJson(Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            throw DynamoException.serialization("An AttributeValue must be a JSON object");
        }
        if (map.isEmpty()) {
            throw DynamoException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (map.size() > 1) {
            throw DynamoException.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, Object> e = ((Map<String, Object>) map).entrySet().iterator().next();
        Object v = e.getValue();
        return switch (e.getKey()) {
            case "S" -> new S(text(v));
            case "N" -> new N(Numbers.parse(text(v)));
            case "B" -> new B(Bytes.base64(text(v)));
            case "BOOL" -> {
                if (!(v instanceof Boolean b)) {
                    throw DynamoException.serialization("BOOL must be true or false");
                }
                yield new Bool(b);
            }
            case "NULL" -> {
                if (!Boolean.TRUE.equals(v)) {
                    throw DynamoException.validation(
                            "One or more parameter values were invalid: Null attribute value types must have the value of true");
                }
                yield new Null();
            }
            case "L" -> {
                List<Value> values = new ArrayList<>();
                for (Object o : array(v)) {
                    values.add(fromJson(o));
                }
                yield new L(values);
            }
            case "M" -> {
                if (!(v instanceof Map<?, ?> m)) {
                    throw DynamoException.serialization("M must be a JSON object");
                }
                Map<String, Value> values = new LinkedHashMap<>();
                for (Map.Entry<String, Object> entry : ((Map<String, Object>) m).entrySet()) {
                    values.put(entry.getKey(), fromJson(entry.getValue()));
                }
                yield new M(values);
            }
            case "SS" -> {
                List<String> items = array(v).stream().map(Value::text).toList();
                yield new SS(distinct(items, "string"));
            }
            case "NS" -> {
                List<BigDecimal> items = array(v).stream().map(o -> Numbers.parse(text(o))).toList();
                yield new NS(distinct(items, "number"));
            }
            case "BS" -> {
                List<Bytes> items = array(v).stream().map(o -> Bytes.base64(text(o))).toList();
                yield new BS(distinct(items, "binary"));
            }
            default -> throw DynamoException.serialization("Unknown AttributeValue type " + e.getKey());
        };
    }

    /** Reads a map of attribute names to values (an item, a key, ExpressionAttributeValues). */
    @SuppressWarnings("unchecked")
    static Map<String, Value> mapFromJson(Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            throw DynamoException.serialization("Expected a map of attribute values");
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
            out.put(e.getKey(), fromJson(e.getValue()));
        }
        return out;
    }

    /** Bytes an item takes: its attribute names and values. */
    static int itemSize(Map<String, Value> item) {
        if (item == null) {
            return 0;
        }
        int size = 0;
        for (Map.Entry<String, Value> e : item.entrySet()) {
            size += utf8(e.getKey()) + e.getValue().size();
        }
        return size;
    }

    /**
     * Orders two scalar values of one type (S by UTF-8 bytes, N numerically, B as unsigned
     * bytes), or null when they cannot be ordered: different types, or not S, N or B.
     */
    static Integer order(Value a, Value b) {
        if (a instanceof N x && b instanceof N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof S x && b instanceof S y) {
            return compareUtf8(x.value(), y.value());
        }
        if (a instanceof B x && b instanceof B y) {
            return x.value().compareTo(y.value());
        }
        return null;
    }

    /**
     * String order by UTF-8 bytes, which is code point order (not Java's UTF-16 order). The two
     * differ only where a surrogate meets a char above it, so chars are compared as they are until
     * the first difference, and that one by code point when a surrogate is involved.
     */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (!Character.isSurrogate(ca) && !Character.isSurrogate(cb)) {
                    return Character.compare(ca, cb);
                }
                // Equal up to here, so a pair split at i starts at i - 1 in both strings.
                int at = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
                return Integer.compare(a.codePointAt(at), b.codePointAt(at));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    static int utf8(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static byte[] utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object o) {
        if (!(o instanceof String s)) {
            throw DynamoException.serialization("Expected a JSON string in an AttributeValue");
        }
        return s;
    }

    private static List<Object> array(Object o) {
        if (!(o instanceof List<?> l)) {
            throw DynamoException.serialization("Expected a JSON array in an AttributeValue");
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) l;
        return list;
    }

    private static <T> Set<T> distinct(List<T> items, String kind) {
        if (items.isEmpty()) {
            throw DynamoException.validation("One or more parameter values were invalid: An " + kind + " set  may not be empty");
        }
        Set<T> set = new LinkedHashSet<>(items);
        if (set.size() != items.size()) {
            throw DynamoException.validation("Input collection " + items + " contains duplicates.");
        }
        return set;
    }
}
