package dev.cliauth.testing;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.function.Supplier;

/**
 * Fails the n-th DynamoDB call after {@link #arm} with a chosen fault, in the handlers' own SDK
 * client, so every call site can be broken on purpose.
 */
public final class FaultInjector implements ExecutionInterceptor {

    /** The faults DynamoDB can answer with. */
    public enum Fault {
        THROTTLING(() -> ProvisionedThroughputExceededException.builder().message("injected throttling")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .statusCode(400).build()),
        TIMEOUT(() -> ApiCallTimeoutException.create(3000)),
        SERVER_ERROR(() -> InternalServerErrorException.builder().message("injected 500").statusCode(500).build()),
        CONDITION_FAILED(() -> ConditionalCheckFailedException.builder().message("injected condition").statusCode(400).build()),
        TRANSACTION_CONFLICT(() -> TransactionCanceledException.builder().message("injected conflict").statusCode(400)
                .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build(),
                        CancellationReason.builder().code("None").build(),
                        CancellationReason.builder().code("None").build())
                .build());

        private final Supplier<SdkException> make;

        Fault(Supplier<SdkException> make) {
            this.make = make;
        }
    }

    private volatile int failAt = -1;
    private volatile Fault fault;
    private volatile int seen;
    private volatile String failedOperation;

    /** Fails call number {@code index} (0-based) from now on with {@code fault}. */
    public synchronized void arm(int index, Fault fault) {
        this.failAt = index;
        this.fault = fault;
        this.seen = 0;
        this.failedOperation = null;
    }

    public synchronized void disarm() {
        failAt = -1;
    }

    /** The operation that was failed, or null when the request made fewer calls. */
    public String failedOperation() {
        return failedOperation;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        synchronized (this) {
            if (failAt < 0) {
                return;
            }
            int index = seen++;
            if (index != failAt) {
                return;
            }
            failAt = -1;
            failedOperation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        }
        throw fault.make.get();
    }
}
