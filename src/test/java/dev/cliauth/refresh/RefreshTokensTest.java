package dev.cliauth.refresh;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.local.Seed;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.Concurrently;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens through the real token handler (SPEC §7, RFC 6749 §6, RFC 9700 §4.14.2): issued by
 * the client's policy, stored hashed, rotated on every use, and a reused token kills its family.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshTokensTest {

    private final CallCounter calls = new CallCounter();
    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start(Map.of(), calls);
        logins = new Logins(functions);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    /** A completed login of the demo client with {@code scope}; the token response. */
    private Map<String, Object> login(String scope) {
        return logins.tokens("demo-cli", scope);
    }

    private APIGatewayV2HTTPResponse refresh(String token, String clientId, String scope) {
        return Functions.invoke(functions.token, Events.load("token-poll").form("grant_type=refresh_token&refresh_token="
                + enc(token) + "&client_id=" + enc(clientId) + (scope == null ? "" : "&scope=" + enc(scope))).build());
    }

    private Map<String, Object> refreshed(String token) {
        APIGatewayV2HTTPResponse response = refresh(token, "demo-cli", null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Functions.json(response);
    }

    private String error(APIGatewayV2HTTPResponse response) {
        return (String) Functions.json(response).get("error");
    }

    private Map<String, AttributeValue> item(String pk) {
        return functions.dynamo.getItem(g -> g.tableName(functions.table).key(Attrs.key(pk)).consistentRead(true)).item();
    }

    @Test
    void loginWithOfflineAccessWhenRedeemedThenARefreshTokenStoredOnlyAsItsHash() {
        String token = (String) login("openid email offline_access").get("refresh_token");
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        Map<String, AttributeValue> stored = item(Keys.refreshToken(DeviceCode.hash(token)));
        assertThat(stored).containsKeys("family", "client_id", "scopes", "ttl");
        assertThat(stored.get("client_id").s()).isEqualTo("demo-cli");
        Map<String, AttributeValue> family = item(Keys.refreshFamily(stored.get("family").s()));
        assertThat(family.get("current").s()).isEqualTo(DeviceCode.hash(token));
        assertThat(stored.toString() + family).as("the token itself is stored nowhere").doesNotContain(token);
    }

    @Test
    void policyWhenOfflineAccessNotGrantedThenNoRefreshTokenUnlessAlways() {
        assertThat(login("openid email")).doesNotContainKey("refresh_token");

        Map<String, Object> started = Functions.json(Functions.invoke(functions.deviceAuthorization,
                Events.load("org-device-authorization").form("client_id=acme-cli&scope=openid").build()));
        logins.grants().decide(logins.grants().findByUserCode("acme", ((String) started.get("user_code")).replace("-", ""))
                .get(0), true, "acme-user-1", Seed.ACME_EMAIL, "Alice", functions.clock.millis());
        APIGatewayV2HTTPResponse tokens = Functions.invoke(functions.token, Events.load("token-poll")
                .path("/orgs/acme/api/v1/oauth/token").form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code")
                        + "&device_code=" + enc((String) started.get("device_code")) + "&client_id=acme-cli").build());
        assertThat(Functions.json(tokens)).as("acme-cli's policy is always").containsKey("refresh_token");

        functions.seed.refreshPolicy("default", "demo-cli", "never");
        functions.clock.advance(Duration.ofSeconds(31));
        try {
            assertThat(login("openid offline_access")).as("policy never").doesNotContainKey("refresh_token");
        } finally {
            functions.seed.refreshPolicy("default", "demo-cli", "offline_access");
            functions.clock.advance(Duration.ofSeconds(31));
        }
    }

    @Test
    void refreshWhenCurrentThenNewTokensAndTheUsedOneIsDeadAndReuseKillsTheFamily() throws Exception {
        String first = (String) login("openid email offline_access").get("refresh_token");
        calls.reset();
        Map<String, Object> second = refreshed(first);
        assertThat(calls.calls()).as("a refresh: one read, one transaction").containsExactly("GetItem", "TransactWriteItems");
        String next = (String) second.get("refresh_token");
        assertThat(next).isNotEqualTo(first).hasSize(43);
        assertThat(second).containsKeys("access_token", "id_token").containsEntry("scope", "openid email offline_access");
        assertThat(SignedJWT.parse((String) second.get("id_token")).getJWTClaimsSet().getStringClaim("email"))
                .isEqualTo("demo@example.com");

        APIGatewayV2HTTPResponse reused = refresh(first, "demo-cli", null);
        assertThat(error(reused)).isEqualTo("invalid_grant");
        assertThat(error(refresh(next, "demo-cli", null))).as("the family died with the reuse").isEqualTo("invalid_grant");
        String family = item(Keys.refreshToken(DeviceCode.hash(first))).get("family").s();
        assertThat(item(Keys.refreshFamily(family))).containsKey("revoked_at");
        assertThat(item(Keys.refreshFamily(family)).get("revoked_reason").s()).isEqualTo("reuse");
    }

    @RepeatedTest(5)
    void twoRacersWithOneTokenWhenBothValidThenAtMostOneSucceedsAndTheFamilyDies() throws Exception {
        String token = (String) login("openid offline_access").get("refresh_token");
        Callable<APIGatewayV2HTTPResponse> use = () -> refresh(token, "demo-cli", null);
        List<APIGatewayV2HTTPResponse> results = Concurrently.run(List.of(use, use));
        List<Integer> statuses = results.stream().map(APIGatewayV2HTTPResponse::getStatusCode).toList();
        assertThat(statuses.stream().filter(s -> s == 200).count()).as("%s", statuses).isLessThanOrEqualTo(1);
        assertThat(results).allSatisfy(r -> assertThat(r.getStatusCode()).as(r.getBody()).isIn(200, 400));
        String family = item(Keys.refreshToken(DeviceCode.hash(token))).get("family").s();
        assertThat(item(Keys.refreshFamily(family))).as("both were valid: the family is dead").containsKey("revoked_at");
        for (APIGatewayV2HTTPResponse r : results) {
            if (r.getStatusCode() == 200) {
                String won = (String) Functions.json(r).get("refresh_token");
                assertThat(error(refresh(won, "demo-cli", null))).as("the winner's new token died too").isEqualTo("invalid_grant");
            }
        }
    }

    @Test
    void scopeWhenNarrowedThenAllowedAndWhenWidenedThenInvalidScopeWithoutUsingTheToken() {
        String token = (String) login("openid email offline_access").get("refresh_token");
        APIGatewayV2HTTPResponse widened = refresh(token, "demo-cli", "openid email profile");
        assertThat(error(widened)).isEqualTo("invalid_scope");
        APIGatewayV2HTTPResponse narrowed = refresh(token, "demo-cli", "openid");
        assertThat(narrowed.getStatusCode()).as("the widened request used nothing up: " + narrowed.getBody()).isEqualTo(200);
        assertThat(Functions.json(narrowed)).containsEntry("scope", "openid");
        Map<String, Object> full = refreshed((String) Functions.json(narrowed).get("refresh_token"));
        assertThat(full).as("the next refresh may ask for all that was granted again")
                .containsEntry("scope", "openid email offline_access");
    }

    @Test
    void accountWhenDisabledThenRefreshIsInvalidGrantAndTheFamilyDies() {
        functions.seed.account("refresh-disabled@example.com", "sub-rd", "RD", "pw-refresh-1", false);
        Logins.Started started = logins.start("demo-cli", "openid offline_access");
        logins.grants().decide(logins.grant(started.userCode()), true, "sub-rd", "refresh-disabled@example.com", "RD",
                functions.clock.millis());
        String token = (String) Functions.json(logins.poll(started.deviceCode())).get("refresh_token");
        functions.seed.disableAccount("refresh-disabled@example.com");
        assertThat(error(refresh(token, "demo-cli", null))).isEqualTo("invalid_grant");
        String family = item(Keys.refreshToken(DeviceCode.hash(token))).get("family").s();
        assertThat(item(Keys.refreshFamily(family)).get("revoked_reason").s()).isEqualTo("account unavailable");
    }

    @Test
    void tokenWhenPresentedByAnotherClientOrOrgThenInvalidGrantAndStillTheOwnersToken() {
        functions.seed.publicClient("other-cli", "Other", List.of("openid", "offline_access"), 0, 0);
        String token = (String) login("openid offline_access").get("refresh_token");
        assertThat(error(refresh(token, "other-cli", null))).isEqualTo("invalid_grant");
        APIGatewayV2HTTPResponse atAcme = Functions.invoke(functions.token, Events.load("token-poll")
                .path("/orgs/acme/api/v1/oauth/token")
                .form("grant_type=refresh_token&refresh_token=" + enc(token) + "&client_id=acme-cli").build());
        assertThat(error(atAcme)).isEqualTo("invalid_grant");
        assertThat(refresh(token, "demo-cli", null).getStatusCode()).isEqualTo(200);
        assertThat(error(refresh("not-a-token", "demo-cli", null))).isEqualTo("invalid_grant");
        assertThat(error(refresh("A".repeat(43), "demo-cli", null))).isEqualTo("invalid_grant");
    }

    @Test
    void idleAndAbsoluteLifetimesWhenPassedThenInvalidGrant() {
        String idle = (String) login("openid offline_access").get("refresh_token");
        String kept = (String) login("openid offline_access").get("refresh_token");
        functions.clock.advance(Duration.ofDays(20));
        kept = (String) refreshed(kept).get("refresh_token");
        functions.clock.advance(Duration.ofDays(11));
        assertThat(error(refresh(idle, "demo-cli", null))).as("unused for 31 days").isEqualTo("invalid_grant");
        kept = (String) refreshed(kept).get("refresh_token");
        functions.clock.advance(Duration.ofDays(29));
        kept = (String) refreshed(kept).get("refresh_token");
        functions.clock.advance(Duration.ofDays(29));
        kept = (String) refreshed(kept).get("refresh_token");
        functions.clock.advance(Duration.ofDays(2));
        assertThat(error(refresh(kept, "demo-cli", null))).as("used every 29 days, but 91 days old").isEqualTo("invalid_grant");
    }
}
