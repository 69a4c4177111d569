package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.logging.Traces;
import dev.cliauth.web.Rejections;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import org.crac.Core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Map;

/**
 * Base of the three handlers: Micronaut's API Gateway proxy ({@link APIGatewayV2HTTPEventFunction})
 * in the function's own environment, so its context holds only the beans of the function's
 * {@code @Controller}s, created eagerly during init (SnapStart snapshots them). Around Micronaut's
 * exchange sit the payload 2.0 adapters: {@link Payload2Request} checks the event before routing
 * and {@link Payload2Response} puts every {@code Set-Cookie} into {@code cookies[]}.
 */
public abstract class CliauthFunction extends APIGatewayV2HTTPEventFunction {

    private static final Logger ACCESS = LoggerFactory.getLogger("cliauth.access");
    private static final Logger LOG = LoggerFactory.getLogger(CliauthFunction.class);

    private final Rejections rejections;
    private final JsonMapper json;
    private final Priming priming;

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    protected CliauthFunction() {
        super();
        this.rejections = getApplicationContext().getBean(Rejections.class);
        this.json = getApplicationContext().getBean(JsonMapper.class);
        this.priming = register(new Priming(this, environment()));
    }

    /**
     * For tests and local mode: the same function with extra properties and beans.
     *
     * @param environment one of {@link dev.cliauth.config.Functions}
     * @param properties  extra configuration (Lambda passes none; settings come from {@code CLIAUTH_*})
     * @param singletons  extra beans (tests: a clock, SDK interceptors)
     */
    protected CliauthFunction(String environment, Map<String, Object> properties, Object... singletons) {
        super(builder(environment).properties(properties).singletons(singletons).start());
        this.rejections = getApplicationContext().getBean(Rejections.class);
        this.json = getApplicationContext().getBean(JsonMapper.class);
        this.priming = register(new Priming(this, environment));
    }

    /**
     * Registers SnapStart priming with CRaC (a no-op on a JVM without it). The handler keeps the
     * resource: CRaC's global context holds resources only weakly.
     */
    private static Priming register(Priming priming) {
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** This function's SnapStart priming (registered with CRaC). */
    public Priming priming() {
        return priming;
    }

    /** The Micronaut environment of this function, one of {@link dev.cliauth.config.Functions}. */
    protected abstract String environment();

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

    /** Closes the function's context, whichever constructor made it. */
    @Override
    public void close() {
        if (getApplicationContext().isRunning()) {
            getApplicationContext().close();
        }
    }

    /**
     * Serves one event: the request id in the MDC for every log line, the payload 2.0 adapters
     * around Micronaut's exchange, and one access line (method, path, status, time; never query,
     * body, headers or cookies).
     */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context lambdaContext) {
        long start = System.nanoTime();
        MDC.put("request_id", requestId(event, lambdaContext));
        try {
            APIGatewayV2HTTPResponse response = serve(event, lambdaContext);
            ACCESS.info("{} {} {} {}ms", method(event), path(event), response.getStatusCode(),
                    (System.nanoTime() - start) / 1_000_000);
            return response;
        } finally {
            MDC.remove("request_id");
        }
    }

    private APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context lambdaContext) {
        Payload2Request.Checked checked = Payload2Request.check(event);
        if (checked instanceof Payload2Request.Rejected rejected) {
            return Payload2Response.of(rejections.rejected(rejected.status(), rejected.reason()), json);
        }
        try {
            return Payload2Response.of(super.handleRequest(((Payload2Request.Accepted) checked).event(), lambdaContext));
        } catch (RuntimeException e) {
            // Micronaut's exchange threw past every exception handler: answer, never echo.
            LOG.error("request failed outside the exception handlers: {}", Traces.withoutMessages(e));
            return Payload2Response.of(rejections.rejected(500, "The server could not complete the request."), json);
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
