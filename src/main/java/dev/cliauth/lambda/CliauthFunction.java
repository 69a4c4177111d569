package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.http.Failures;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import dev.cliauth.http.Router;
import dev.cliauth.http.Routes;
import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Map;

/**
 * Base of the three handlers. The constructor (Lambda's init phase, captured by SnapStart) starts
 * a Micronaut context in the function's own environment with every singleton created eagerly, so
 * it holds only the beans the function's routes need, and builds the function's {@link Router}
 * from its {@link Routes} beans. A request is then: event → {@link Payload2} checks →
 * {@link Request} → endpoint → {@link Response} → event. No web framework sits in between: a
 * Micronaut HTTP stack cost each cold start about 0.7 s here (README "Benchmark").
 */
public abstract class CliauthFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        AutoCloseable {

    private static final Logger ACCESS = LoggerFactory.getLogger("cliauth.access");

    private final ApplicationContext context;
    private final Router router;
    private final Failures failures;

    /**
     * @param environment one of {@link Functions}
     * @param properties  extra configuration (tests and local mode; Lambda passes none and the
     *                    settings come from {@code CLIAUTH_*} environment variables)
     * @param singletons  extra beans (tests: a clock, SDK interceptors)
     */
    protected CliauthFunction(String environment, Map<String, Object> properties, Object... singletons) {
        this.context = ApplicationContext.builder()
                .environments(environment)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .banner(false)
                .eagerInitSingletons(true)
                .eagerInitConfiguration(true)
                .properties(properties)
                .singletons(singletons)
                .start();
        this.failures = context.getBean(Failures.class);
        this.router = new Router(context.getBeansOfType(Routes.class), failures);
    }

    public ApplicationContext context() {
        return context;
    }

    public Router router() {
        return router;
    }

    /**
     * Serves one event: the request id in the MDC for every log line, and one access line
     * (method, path, status, time; never query, body or headers).
     */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context lambdaContext) {
        long start = System.nanoTime();
        MDC.put("request_id", requestId(event, lambdaContext));
        try {
            Payload2.Rejection rejection = Payload2.prepare(event);
            Response response = rejection != null
                    ? failures.rejected(rejection.status(), rejection.reason())
                    : router.serve(Payload2.request(event));
            ACCESS.info("{} {} {} {}ms", method(event), path(event), response.status(),
                    (System.nanoTime() - start) / 1_000_000);
            return Payload2.response(response);
        } finally {
            MDC.remove("request_id");
        }
    }

    @Override
    public void close() {
        context.close();
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
