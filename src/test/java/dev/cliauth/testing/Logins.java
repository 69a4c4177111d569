package dev.cliauth.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.grant.Approver;
import dev.cliauth.grant.GrantRepository;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Starts logins through the real device authorization handler and decides them in the store. */
public final class Logins {

    private final Functions functions;

    public Logins(Functions functions) {
        this.functions = functions;
    }

    /** A started login: what the device was told. */
    public record Started(String deviceCode, String userCode, int interval, Map<String, Object> body) {
    }

    public Started start(String clientId, String scope) {
        String form = "client_id=" + enc(clientId) + (scope == null ? "" : "&scope=" + enc(scope));
        APIGatewayV2HTTPResponse response = Functions.invoke(functions.deviceAuthorization,
                Events.load("device-authorization").form(form).build());
        if (response.getStatusCode() != 200) {
            throw new AssertionError("device authorization failed: " + response.getBody());
        }
        Map<String, Object> body = Functions.json(response);
        return new Started((String) body.get("device_code"), (String) body.get("user_code"),
                ((Number) body.get("interval")).intValue(), body);
    }

    public Started start() {
        return start("demo-cli", "openid email profile");
    }

    /** The grant item of {@code deviceCode} as stored (strongly consistent read), empty when none. */
    public Map<String, AttributeValue> grantItem(String deviceCode) {
        return functions.dynamo.getItem(g -> g.tableName(functions.table)
                .key(Attrs.key(Keys.grant(DeviceCode.hash(deviceCode)))).consistentRead(true)).item();
    }

    public GrantRepository grants() {
        return functions.verification.context().getBean(GrantRepository.class);
    }

    /** The grant behind a user code, from the GSI. */
    public IndexedGrant grant(String displayUserCode) {
        String normal = UserCodeFormat.typed(displayUserCode).orElseThrow().normal();
        List<IndexedGrant> found = grants().findByUserCode("default", normal);
        if (found.size() != 1) {
            throw new AssertionError("expected one grant for " + displayUserCode + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The seeded demo account (email verified) decides, as the page would, without a browser session. */
    public GrantRepository.Decision approve(String displayUserCode) {
        return demoDecides(displayUserCode, true);
    }

    public GrantRepository.Decision deny(String displayUserCode) {
        return demoDecides(displayUserCode, false);
    }

    private GrantRepository.Decision demoDecides(String displayUserCode, boolean approve) {
        long now = functions.clock.millis();
        IndexedGrant g = grant(displayUserCode);
        return grants().decide(g.org(), g.deviceCodeHash(), approve,
                new Approver("demo-user-1", "demo@example.com", "Demo User", true, null, now), now, null);
    }

    /**
     * A whole login of {@code clientId} for {@code scope}, approved by the demo account without a
     * browser and redeemed: the token response, which must be a success.
     */
    public Map<String, Object> tokens(String clientId, String scope) {
        Started started = start(clientId, scope);
        approve(started.userCode());
        APIGatewayV2HTTPResponse tokens = poll(started.deviceCode(), clientId);
        if (tokens.getStatusCode() != 200) {
            throw new AssertionError("redemption refused: " + tokens.getBody());
        }
        return Functions.json(tokens);
    }

    /** A device-code token request for {@code clientId}. */
    public APIGatewayV2HTTPResponse poll(String deviceCode, String clientId) {
        return Functions.invoke(functions.token, Events.load("token-poll")
                .form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code")
                        + "&device_code=" + enc(deviceCode) + "&client_id=" + enc(clientId))
                .build());
    }

    public APIGatewayV2HTTPResponse poll(String deviceCode) {
        return poll(deviceCode, "demo-cli");
    }

    public APIGatewayV2HTTPResponse tokenRequest(String form) {
        return Functions.invoke(functions.token, Events.load("token-poll").form(form).build());
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
