package dev.cliauth.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda {@link Context} of one invocation outside Lambda (local mode, tests, benchmark): a
 * 1024 MB function, as in {@code template.yaml}, with 10 s to run (the HTTP functions' timeout) or
 * as long as it is given.
 */
public final class LambdaInvocation implements Context {

    private final long deadline;
    private final String requestId;

    public LambdaInvocation() {
        this("local-request");
    }

    public LambdaInvocation(String requestId) {
        this(requestId, java.time.Duration.ofSeconds(10));
    }

    public LambdaInvocation(String requestId, java.time.Duration timeout) {
        this.requestId = requestId;
        this.deadline = System.currentTimeMillis() + timeout.toMillis();
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/cliauth-local";
    }

    @Override
    public String getLogStreamName() {
        return "cliauth-local";
    }

    @Override
    public String getFunctionName() {
        return "cliauth-local";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:cliauth-local";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.write(message, 0, message.length);
            }
        };
    }
}
