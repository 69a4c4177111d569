package dev.cliauth.local.dynamo;

import java.util.Arrays;
import java.util.Base64;

/** An immutable binary value, equal by content and ordered as unsigned bytes, as DynamoDB orders B. */
record Bytes(byte[] data) implements Comparable<Bytes> {

    Bytes {
        data = data.clone();
    }

    static Bytes base64(String text) {
        try {
            return new Bytes(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw DynamoException.serialization("Base64 encoded binary value is not valid");
        }
    }

    String base64() {
        return Base64.getEncoder().encodeToString(data);
    }

    int length() {
        return data.length;
    }

    boolean startsWith(Bytes prefix) {
        return data.length >= prefix.data.length
                && Arrays.equals(data, 0, prefix.data.length, prefix.data, 0, prefix.data.length);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, o.data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return base64();
    }
}
