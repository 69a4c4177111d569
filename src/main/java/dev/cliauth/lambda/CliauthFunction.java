package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Map;

/**
 * Base of the three handlers: starts a Micronaut context in the Lambda configuration (eager
 * singletons, so SnapStart captures an initialised function) with the function's own environment,
 * and wraps every request in {@link Payload2}'s fixes.
 */
public abstract class CliauthFunction extends APIGatewayV2HTTPEventFunction {

    private static final Logger ACCESS = LoggerFactory.getLogger("cliauth.access");

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

    /**
     * Serves one event: the payload fixes around Micronaut, the request id in the MDC for every log
     * line, and one access line (method, path, status, time; never query, body or headers).
     */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        MDC.put("request_id", requestId(event, context));
        try {
            Payload2.Rejection rejection = Payload2.prepare(event);
            APIGatewayV2HTTPResponse response = rejection != null
                    ? EarlyResponses.render(rejection, htmlErrors())
                    : Payload2.finish(super.handleRequest(event, context));
            ACCESS.info("{} {} {} {}ms", method(event), path(event), response.getStatusCode(),
                    (System.nanoTime() - start) / 1_000_000);
            return response;
        } finally {
            MDC.remove("request_id");
        }
    }

    private static String requestId(APIGatewayV2HTTPEvent event, Context context) {
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        return context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : "-";
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        return event != null && event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? String.valueOf(event.getRequestContext().getHttp().getMethod()) : "-";
    }

    private static String path(APIGatewayV2HTTPEvent event) {
        String path = event != null && event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getPath() : null;
        return path == null ? "-" : path.length() > 200 ? path.substring(0, 200) : path;
    }
}
