package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.util.Map;

/**
 * Base of the three handlers: starts a Micronaut context in the Lambda configuration (eager
 * singletons, so SnapStart captures an initialised function) with the function's own environment,
 * and wraps every request in {@link Payload2}'s fixes.
 */
public abstract class CliauthFunction extends APIGatewayV2HTTPEventFunction {

    /** Lambda's constructor: settings from environment variables. */
    protected CliauthFunction() {
        super();
    }

    /** For tests and local mode: the same context, plus properties and singletons given here. */
    protected CliauthFunction(String environment, Map<String, Object> properties, Object... singletons) {
        super(builder(environment).properties(properties).singletons(singletons).build());
    }

    /** The Micronaut environment of this function, one of {@link Functions}. */
    protected abstract String environment();

    /** Whether errors caught before routing are rendered as pages (verification) or OAuth JSON. */
    protected abstract boolean htmlErrors();

    @NonNull
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return builder(environment());
    }

    private static ApplicationContextBuilder builder(String environment) {
        return new LambdaApplicationContextBuilder()
                .environments(environment)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .banner(false);
    }

    public ApplicationContext context() {
        return getApplicationContext();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Payload2.Rejection rejection = Payload2.prepare(event);
        if (rejection != null) {
            return EarlyResponses.render(rejection, htmlErrors());
        }
        return Payload2.finish(super.handleRequest(event, context));
    }
}
