package dev.cliauth.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.lambda.CliauthFunction;
import dev.cliauth.lambda.DeviceAuthorizationHandler;
import dev.cliauth.lambda.PortalHandler;
import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.lambda.VerificationHandler;
import dev.cliauth.lambda.WebhookHandler;
import dev.cliauth.local.LocalDynamo;
import dev.cliauth.local.Seed;
import dev.cliauth.local.LambdaInvocation;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The three real handlers on one fresh table with a movable clock, seeded with the demo client
 * and account: the fixture of handler tests. The handlers reach the tests' DynamoDB engine
 * in-process ({@link TestDynamo#httpClient()} as a bean).
 */
public final class Functions implements AutoCloseable {

    public static final String ISSUER = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";

    public final String table;
    /** A client on the DynamoDB the handlers use, for setup and assertions. */
    public final DynamoDbClient dynamo;
    public final MutableClock clock;
    public final Seed seed;
    public final DeviceAuthorizationHandler deviceAuthorization;
    public final TokenHandler token;
    public final VerificationHandler verification;

    private Functions(DynamoDbClient dynamo, String table, MutableClock clock, Map<String, Object> properties,
                      Object... singletons) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.seed = new Seed(dynamo, table).demo();
        Object[] beans = new Object[singletons.length + 1];
        beans[0] = clock;
        System.arraycopy(singletons, 0, beans, 1, singletons.length);
        this.deviceAuthorization = new DeviceAuthorizationHandler(properties, beans);
        this.token = new TokenHandler(properties, beans);
        this.verification = new VerificationHandler(properties, beans);
        this.properties = Map.copyOf(properties);
        this.beans = beans;
    }

    private final Map<String, Object> properties;
    private final Object[] beans;
    private PortalHandler portal;

    /** The org portal function on the same table and clock, started on first use (most tests need none). */
    public synchronized PortalHandler portal() {
        if (portal == null) {
            portal = new PortalHandler(properties, beans);
        }
        return portal;
    }

    /**
     * The webhook function on the same table and clock, with {@code extra} beans (a pause that
     * counts instead of sleeping); the caller closes it.
     */
    public WebhookHandler webhook(Object... extra) {
        Object[] all = new Object[beans.length + extra.length];
        System.arraycopy(beans, 0, all, 0, beans.length);
        System.arraycopy(extra, 0, all, beans.length, extra.length);
        Map<String, Object> local = new HashMap<>(properties);
        local.put("cliauth.webhook.allow-local", "true");     // the tests' receivers are on 127.0.0.1
        return new WebhookHandler(local, all);
    }

    /**
     * Tests start hundreds of logins from the one address of their events, in a clock that hardly
     * moves: the per-source limit on device authorizations is lifted unless a test sets it
     * ({@code DeviceAuthorizationLimitTest} does).
     */
    public static final String MANY_LOGINS = "cliauth.limits.source-device-authorizations-per-window";
    /** The same setting as an environment variable, for the benchmark's child JVMs and local mode. */
    public static final String MANY_LOGINS_ENV = "CLIAUTH_LIMITS_SOURCE_DEVICE_AUTHORIZATIONS_PER_WINDOW";
    /** The lifted value: more logins than any test or benchmark starts in one window. */
    public static final String LIFTED = "10000000";

    /** Handlers whose issuer comes from the API Gateway domain name, as in a deployment. */
    public static Functions start() {
        return start(Map.of());
    }

    /** Handlers with extra properties and extra beans (e.g. SDK interceptors) in every context. */
    public static Functions start(Map<String, Object> extra, Object... singletons) {
        String table = TestDynamo.newTable();
        Map<String, Object> properties = new HashMap<>(extra);
        properties.putIfAbsent(MANY_LOGINS, LIFTED);
        properties.put("cliauth.table", table);
        properties.put("cliauth.dynamodb.endpoint", LocalDynamo.IN_PROCESS_ENDPOINT);
        Object[] beans = new Object[singletons.length + 1];
        beans[0] = TestDynamo.httpClient();
        System.arraycopy(singletons, 0, beans, 1, singletons.length);
        return new Functions(TestDynamo.client(), table, MutableClock.startingNow(), properties, beans);
    }

    /**
     * Handlers on another DynamoDB (LocalStack) reached over HTTP at {@code endpoint}, with the
     * url-connection client of a deployment; {@code table} exists there, {@code dynamo} reaches it.
     */
    public static Functions onEndpoint(String endpoint, DynamoDbClient dynamo, String table, Object... singletons) {
        return new Functions(dynamo, table, MutableClock.startingNow(),
                Map.of("cliauth.table", table, "cliauth.dynamodb.endpoint", endpoint, MANY_LOGINS, LIFTED), singletons);
    }

    /**
     * Handlers on the tests' DynamoDB engine reached over loopback HTTP with the url-connection
     * client a deployment uses, instead of in-process: for tests of what that client does.
     */
    public static Functions overHttp(Object... singletons) {
        return onEndpoint(TestDynamo.endpoint(), TestDynamo.client(), TestDynamo.newTable(), singletons);
    }

    public static APIGatewayV2HTTPResponse invoke(CliauthFunction function, APIGatewayV2HTTPEvent event) {
        return function.handleRequest(event, new LambdaInvocation());
    }

    public static Map<String, Object> json(APIGatewayV2HTTPResponse response) {
        try {
            return JSONObjectUtils.parse(response.getBody());
        } catch (ParseException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    @Override
    public void close() {
        deviceAuthorization.context().close();
        token.context().close();
        verification.context().close();
        synchronized (this) {
            if (portal != null) {
                portal.context().close();
            }
        }
    }
}
