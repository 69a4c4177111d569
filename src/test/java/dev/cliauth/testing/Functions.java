package dev.cliauth.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.lambda.CliauthFunction;
import dev.cliauth.lambda.DeviceAuthorizationHandler;
import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.lambda.VerificationHandler;
import dev.cliauth.local.Seed;
import dev.cliauth.local.LambdaInvocation;

import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The three real handlers on one fresh table with a movable clock, seeded with the demo client
 * and account: the fixture of handler tests.
 */
public final class Functions implements AutoCloseable {

    public static final String ISSUER = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";

    public final String table;
    public final MutableClock clock;
    public final Seed seed;
    public final DeviceAuthorizationHandler deviceAuthorization;
    public final TokenHandler token;
    public final VerificationHandler verification;

    private Functions(String table, MutableClock clock, Map<String, Object> extra, Object... singletons) {
        this.table = table;
        this.clock = clock;
        this.seed = new Seed(TestDynamo.client(), table).demo();
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("cliauth.table", table);
        properties.put("cliauth.dynamodb.endpoint", TestDynamo.endpoint());
        Object[] beans = new Object[singletons.length + 1];
        beans[0] = clock;
        System.arraycopy(singletons, 0, beans, 1, singletons.length);
        this.deviceAuthorization = new DeviceAuthorizationHandler(properties, beans);
        this.token = new TokenHandler(properties, beans);
        this.verification = new VerificationHandler(properties, beans);
    }

    /** Handlers whose issuer comes from the API Gateway domain name, as in a deployment. */
    public static Functions start() {
        return new Functions(TestDynamo.newTable(), MutableClock.startingNow(), Map.of());
    }

    /** Handlers with extra properties and extra beans (e.g. SDK interceptors) in every context. */
    public static Functions start(Map<String, Object> properties, Object... singletons) {
        return new Functions(TestDynamo.newTable(), MutableClock.startingNow(), properties, singletons);
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
    }
}
