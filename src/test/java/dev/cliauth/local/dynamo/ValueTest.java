package dev.cliauth.local.dynamo;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Numbers, sizes, ordering and the wire form of attribute values. */
class ValueTest {

    @Test
    void numbersAreNormalisedAndLimitedToThirtyEightDigitsAndTheDocumentedRange() {
        assertThat(Numbers.text(Numbers.parse("1.50"))).isEqualTo("1.5");
        assertThat(Numbers.text(Numbers.parse("-0.000"))).isEqualTo("0");
        assertThat(Numbers.text(Numbers.parse("1E+2"))).isEqualTo("100");
        assertThat(Numbers.text(Numbers.parse("0012"))).isEqualTo("12");
        assertThat(Numbers.parse("9.9999999999999999999999999999999999999E+125")).isPositive();
        assertThat(Numbers.parse("1E-130")).isPositive();
        assertThatThrownBy(() -> Numbers.parse("123456789012345678901234567890123456789")).hasMessageContaining("38");
        assertThatThrownBy(() -> Numbers.parse("1E+126")).hasMessageContaining("overflow");
        assertThatThrownBy(() -> Numbers.parse("1E-131")).hasMessageContaining("underflow");
        assertThatThrownBy(() -> Numbers.parse("12abc")).isInstanceOf(DynamoException.class);
        assertThatThrownBy(() -> Numbers.parse("NaN")).isInstanceOf(DynamoException.class);
    }

    @Test
    void sizesFollowTheDocumentedRules() {
        Map<String, Value> item = new LinkedHashMap<>();
        item.put("ab", new Value.S("xyz"));                                  // 2 + 3
        item.put("n", new Value.N(Numbers.parse("12345")));                  // 1 + (5 digits: 3) + 1
        item.put("t", new Value.Bool(true));                                 // 1 + 1
        item.put("l", new Value.L(List.of(new Value.S("a"))));               // 1 + 3 + (1 + 1)
        item.put("m", new Value.M(Map.of("k", new Value.S("v"))));           // 1 + 3 + (1 + 1 + 1)
        item.put("é", new Value.S("€"));                                     // 2 + 3 (UTF-8)
        item.put("s", new Value.SS(Set.of("aa", "b")));                      // 1 + 3
        assertThat(Value.itemSize(item)).isEqualTo(5 + 5 + 2 + 6 + 7 + 5 + 4);
    }

    @Test
    void stringsOrderByUtf8BytesNotUtf16Units() {
        String bmpHigh = "\uFFFD";
        String supplementary = new String(Character.toChars(0x1F600));
        assertThat(bmpHigh.compareTo(supplementary)).as("Java's UTF-16 order").isPositive();
        assertThat(Value.order(new Value.S(bmpHigh), new Value.S(supplementary))).as("DynamoDB's byte order").isNegative();
        assertThat(Value.order(new Value.N(Numbers.parse("10")), new Value.N(Numbers.parse("1.5")))).isPositive();
        assertThat(Value.order(new Value.S("1"), new Value.N(BigDecimal.ONE))).as("different types have no order").isNull();
    }

    @Test
    void stringOrderIsTheOrderOfTheirUtf8BytesForAnyMixOfCharacters() {
        // Characters where UTF-16 and UTF-8 order part ways: ASCII, BMP below and above the
        // surrogates, supplementary pairs sharing a high surrogate, and lone surrogates.
        String[] pieces = {"a", "b", "\u00e9", "\ud7ff", "\ue000", "\uffff", new String(Character.toChars(0x1F600)),
                new String(Character.toChars(0x1F601)), new String(Character.toChars(0x10000)), "\ud83d", "\ude00"};
        java.util.Random random = new java.util.Random(8);
        for (int n = 0; n < 20_000; n++) {
            String a = randomString(random, pieces);
            String b = random.nextInt(4) == 0 ? a + randomString(random, pieces) : randomString(random, pieces);
            if (hasLoneSurrogate(a) || hasLoneSurrogate(b)) {
                continue;   // no UTF-8 form (getBytes would write '?'), and DynamoDB refuses such a string
            }
            int expected = Integer.signum(java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(Integer.signum(Value.compareUtf8(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
        }
        assertThat(Value.compareUtf8("\ud83d\ude00", "\ud83d\ude01")).isNegative();
        assertThat(Value.compareUtf8("x\ud83d\ude00", "x\uffff")).as("pair after a common prefix").isPositive();
        assertThat(Value.compareUtf8("ab", "abc")).isNegative();
        assertThat(Value.compareUtf8("abc", "abc")).isZero();
    }

    private static boolean hasLoneSurrogate(String s) {
        return s.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static String randomString(java.util.Random random, String[] pieces) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }

    @Test
    void wireFormRoundTripsAndRefusesMalformedValues() {
        String json = "{\"M\":{\"s\":{\"S\":\"q\\\"\\n\\u00e9\"},\"ns\":{\"NS\":[\"1\",\"2.5\"]},\"b\":{\"B\":\"AAEC\"},"
                + "\"z\":{\"NULL\":true},\"l\":{\"L\":[{\"BOOL\":false}]}}}";
        Value v = Value.fromJson(Json.parse(json));
        assertThat(Value.fromJson(Json.parse(Json.write(v)))).isEqualTo(v);
        assertThatThrownBy(() -> Value.fromJson(Json.parse("{}"))).hasMessageContaining("empty");
        assertThatThrownBy(() -> Value.fromJson(Json.parse("{\"S\":\"a\",\"N\":\"1\"}"))).hasMessageContaining("more than one");
        assertThatThrownBy(() -> Value.fromJson(Json.parse("{\"SS\":[]}"))).hasMessageContaining("may not be empty");
        assertThatThrownBy(() -> Value.fromJson(Json.parse("{\"SS\":[\"a\",\"a\"]}"))).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> Value.fromJson(Json.parse("{\"NULL\":false}"))).isInstanceOf(DynamoException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1")).isInstanceOf(DynamoException.class);
    }
}
