package dev.cliauth.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Adds up, per thread, the time spent inside DynamoDB calls (from the SDK's first hook to its
 * last, so marshalling, HTTP and unmarshalling), so a request's latency splits into time in
 * DynamoDB calls and time in the handler around them.
 */
final class SdkTimer implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> START = new ExecutionAttribute<>("bench.sdk.start");
    private final ThreadLocal<long[]> total = ThreadLocal.withInitial(() -> new long[1]);

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(START, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        add(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        add(attributes);
    }

    private void add(ExecutionAttributes attributes) {
        Long start = attributes.getAttribute(START);
        if (start != null) {
            total.get()[0] += System.nanoTime() - start;
        }
    }

    /** Nanoseconds this thread has spent in DynamoDB calls so far. */
    long nanos() {
        return total.get()[0];
    }
}
