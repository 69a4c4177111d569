package dev.cliauth.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * A bean that takes part in SnapStart priming ({@code dev.cliauth.lambda.Priming}): it may offer
 * throwaway items for {@link PrimingMode}'s stand-in to serve, warm code that no route reaches
 * without writing, and must forget whatever priming left in it, so that no key, session key,
 * client or nonce from before the snapshot is used after a restore.
 */
public interface Primed {

    /** Throwaway items by {@code pk}, served only while priming. */
    default Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture fixture) {
        return Map.of();
    }

    /** Loads and runs code the primed routes do not reach (signing, serializing a success). */
    default void warm(PrimingFixture fixture) {
    }

    /** Drops every value cached while priming. */
    void forget();

    /**
     * Whether {@link #forget} drops only items read from DynamoDB, cheap to read again. Priming
     * makes such beans forget before every round, so that each round takes the path of a restored
     * instance's first request (read, then cache), not only the cached one.
     */
    default boolean forgetsOnlyReads() {
        return false;
    }
}
