package dev.cliauth.store;

import dev.cliauth.protocol.DependencyFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.function.Supplier;

/**
 * Runs one DynamoDB call. Condition failures are domain outcomes and pass through to the caller;
 * every other SDK failure (throttling, timeouts, service errors, after the SDK's bounded retries)
 * becomes a {@link DependencyFailure}.
 */
public final class Dynamo {

    private Dynamo() {
    }

    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException outcome) {
            throw outcome;
        } catch (SdkException e) {
            throw new DependencyFailure("DynamoDB " + what + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Whether a cancelled transaction failed only on conditions (a domain outcome) rather than on
     * conflicts or throttling (a dependency failure).
     */
    public static boolean cancelledByConditions(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .allMatch(r -> "None".equals(r.code()) || "ConditionalCheckFailed".equals(r.code()));
    }

    /** The cancellation code of item {@code index} of a transaction, {@code "None"} when it passed. */
    public static String reason(TransactionCanceledException e, int index) {
        if (!e.hasCancellationReasons() || e.cancellationReasons().size() <= index) {
            return "Unknown";
        }
        String code = e.cancellationReasons().get(index).code();
        return code == null ? "None" : code;
    }
}
