package dev.cliauth.token;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** Revocation (RFC 7009) and UserInfo (OpenID Connect Core §5.3) through the real token handler. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationAndUserInfoTest {

    private Functions functions;
    private Logins logins;

    @BeforeAll
    void start() {
        functions = Functions.start();
        logins = new Logins(functions);
        functions.seed.publicClient("other-cli", "Other", List.of("openid", "offline_access"), 0, 0);
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    private Map<String, Object> login(String scope) {
        return logins.tokens("demo-cli", scope);
    }

    private APIGatewayV2HTTPResponse revoke(String path, String token, String clientId) {
        return Functions.invoke(functions.token, Events.load("token-poll").path(path)
                .form("token=" + enc(token) + "&client_id=" + enc(clientId)).build());
    }

    private APIGatewayV2HTTPResponse userinfo(String path, String authorization, String method) {
        Events event = Events.load("jwks").path(path).method(method);
        if (authorization != null) {
            event.header("authorization", authorization);
        }
        return Functions.invoke(functions.token, event.build());
    }

    private APIGatewayV2HTTPResponse refresh(String token) {
        return Functions.invoke(functions.token, Events.load("token-poll")
                .form("grant_type=refresh_token&refresh_token=" + enc(token) + "&client_id=demo-cli").build());
    }

    private Map<String, AttributeValue> item(String pk) {
        return functions.dynamo.getItem(g -> g.tableName(functions.table).key(Attrs.key(pk)).consistentRead(true)).item();
    }

    /**
     * SPEC §3.7: "A second redemption → invalid_grant, and the tokens from the first are revoked".
     * The replay comes after three refreshes, so every access token of the family goes too.
     */
    @Test
    void deviceCodeWhenReplayedThenItsAccessTokensAndRefreshFamilyAreRevoked() {
        var started = logins.start("demo-cli", "openid email offline_access");
        logins.approve(started.userCode());
        Map<String, Object> first = Functions.json(logins.poll(started.deviceCode()));
        List<String> accessTokens = new java.util.ArrayList<>(List.of((String) first.get("access_token")));
        String refreshToken = (String) first.get("refresh_token");
        for (int i = 0; i < 3; i++) {
            Map<String, Object> rotated = Functions.json(refresh(refreshToken));
            accessTokens.add((String) rotated.get("access_token"));
            refreshToken = (String) rotated.get("refresh_token");
        }
        assertThat(accessTokens).allSatisfy(t -> assertThat(userinfo("/oauth2/userinfo", "Bearer " + t, "GET").getStatusCode())
                .isEqualTo(200));

        functions.clock.advance(Duration.ofSeconds(6));
        assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "invalid_grant");

        for (int i = 0; i < accessTokens.size(); i++) {
            assertThat(userinfo("/oauth2/userinfo", "Bearer " + accessTokens.get(i), "GET").getStatusCode())
                    .as("access token %d of the login", i).isEqualTo(401);
        }
        assertThat(Functions.json(refresh(refreshToken))).as("the refresh family").containsEntry("error", "invalid_grant");
        String family = item(Keys.refreshToken(DeviceCode.hash(refreshToken))).get("family").s();
        assertThat(item(Keys.refreshFamily(family)).get("revoked_reason").s()).isEqualTo("device code replayed");
    }

    /**
     * RFC 7009 §2.1: revoking a refresh token "SHOULD also invalidate all access tokens based on the
     * same authorization grant"; and a reused refresh token (theft) takes the thief's access token down too.
     */
    @Test
    void refreshFamilyWhenRevokedOrReusedThenItsAccessTokensAreRefused() {
        Map<String, Object> first = login("openid email offline_access");
        Map<String, Object> rotated = Functions.json(refresh((String) first.get("refresh_token")));
        assertThat(userinfo("/oauth2/userinfo", "Bearer " + rotated.get("access_token"), "GET").getStatusCode()).isEqualTo(200);
        assertThat(revoke("/oauth2/revoke", (String) rotated.get("refresh_token"), "demo-cli").getStatusCode()).isEqualTo(200);
        for (Object access : List.of(first.get("access_token"), rotated.get("access_token"))) {
            assertThat(userinfo("/oauth2/userinfo", "Bearer " + access, "GET").getStatusCode()).as("revoked by the client")
                    .isEqualTo(401);
        }

        Map<String, Object> owner = login("openid email offline_access");
        Map<String, Object> thief = Functions.json(refresh((String) owner.get("refresh_token")));
        assertThat(Functions.json(refresh((String) owner.get("refresh_token")))).containsEntry("error", "invalid_grant");
        assertThat(userinfo("/oauth2/userinfo", "Bearer " + thief.get("access_token"), "GET").getStatusCode())
                .as("the thief's access token, after the reuse").isEqualTo(401);
    }

    /** A replay within the interval is still a replay: invalid_grant and revocation, not slow_down. */
    @Test
    void deviceCodeWhenReplayedAtOnceThenInvalidGrantAndRevoked() {
        var started = logins.start("demo-cli", "openid email");
        logins.approve(started.userCode());
        String access = (String) Functions.json(logins.poll(started.deviceCode())).get("access_token");
        Map<String, Object> replay = Functions.json(logins.poll(started.deviceCode()));
        assertThat(replay).containsEntry("error", "invalid_grant").doesNotContainKey("interval");
        assertThat(userinfo("/oauth2/userinfo", "Bearer " + access, "GET").getStatusCode()).isEqualTo(401);
        assertThat(Attrs.num(logins.grantItem(started.deviceCode()), "interval_s", 0)).as("the interval did not grow")
                .isEqualTo(started.interval());
        long revokedAt = Attrs.num(logins.grantItem(started.deviceCode()), "revoked_at", 0);
        assertThat(revokedAt).isPositive();

        // A flood of replays: each answered, none writing again (one replay event, the mark unchanged).
        functions.clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            assertThat(Functions.json(logins.poll(started.deviceCode()))).containsEntry("error", "invalid_grant");
        }
        assertThat(Attrs.num(logins.grantItem(started.deviceCode()), "revoked_at", 0)).isEqualTo(revokedAt);
        String login = dev.cliauth.code.DeviceCode.hash(started.deviceCode()).substring(0, 16);
        long replayEvents = functions.dynamo.scanPaginator(q -> q.tableName(functions.table)).items().stream()
                .filter(i -> "replay".equals(Attrs.str(i, "event")) && login.equals(Attrs.str(i, "login"))).count();
        assertThat(replayEvents).isEqualTo(1);
    }

    @Test
    void refreshTokenWhenRevokedByItsPublicClientThenTheFamilyDies() {
        String first = (String) login("openid offline_access").get("refresh_token");
        String second = (String) Functions.json(refresh(first)).get("refresh_token");
        APIGatewayV2HTTPResponse revoked = revoke("/oauth2/revoke", second, "demo-cli");
        assertThat(revoked.getStatusCode()).as(revoked.getBody()).isEqualTo(200);
        assertThat(revoked.getHeaders()).containsEntry("Cache-Control", "no-store");
        assertThat(Functions.json(refresh(second))).containsEntry("error", "invalid_grant");
        String family = item(Keys.refreshToken(DeviceCode.hash(first))).get("family").s();
        assertThat(item(Keys.refreshFamily(family)).get("revoked_reason").s()).isEqualTo("revoked by the client");
    }

    @Test
    void accessTokenWhenRevokedThenRecordedUntilItExpiresAndUserInfoRefusesIt() throws Exception {
        String accessToken = (String) login("openid email profile").get("access_token");
        assertThat(userinfo("/oauth2/userinfo", "Bearer " + accessToken, "GET").getStatusCode()).isEqualTo(200);

        assertThat(revoke("/oauth2/revoke", accessToken, "demo-cli").getStatusCode()).isEqualTo(200);
        String jti = SignedJWT.parse(accessToken).getJWTClaimsSet().getJWTID();
        Map<String, AttributeValue> record = item(Keys.revokedAccessToken(jti));
        long exp = SignedJWT.parse(accessToken).getJWTClaimsSet().getExpirationTime().getTime();
        assertThat(Long.parseLong(record.get("ttl").n())).as("kept until after it expires").isEqualTo(exp / 1000 + 3600);

        APIGatewayV2HTTPResponse refused = userinfo("/oauth2/userinfo", "Bearer " + accessToken, "GET");
        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(refused.getHeaders().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void unknownOrMalformedTokensWhenRevokedThen200AndAnotherClientsTokenRefused() {
        assertThat(revoke("/oauth2/revoke", "A".repeat(43), "demo-cli").getStatusCode()).isEqualTo(200);
        assertThat(revoke("/oauth2/revoke", "not a token", "demo-cli").getStatusCode()).isEqualTo(200);
        assertThat(revoke("/oauth2/revoke", "e30.e30.sig", "demo-cli").getStatusCode()).isEqualTo(200);

        Map<String, Object> tokens = login("openid offline_access");
        APIGatewayV2HTTPResponse other = revoke("/oauth2/revoke", (String) tokens.get("refresh_token"), "other-cli");
        assertThat(other.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(other)).containsEntry("error", "invalid_request");
        assertThat(revoke("/oauth2/revoke", (String) tokens.get("access_token"), "other-cli").getStatusCode()).isEqualTo(400);
        assertThat(refresh((String) tokens.get("refresh_token")).getStatusCode()).as("still the owner's").isEqualTo(200);

        assertThat(Functions.json(revoke("/oauth2/revoke", "x", "nobody-cli"))).containsEntry("error", "invalid_client");
        APIGatewayV2HTTPResponse noToken = Functions.invoke(functions.token, Events.load("token-poll").path("/oauth2/revoke")
                .form("client_id=demo-cli").build());
        assertThat(Functions.json(noToken)).containsEntry("error", "invalid_request");
    }

    @Test
    void orgScopedRevocationWhenTokenOfAnotherOrgThenNothingRevoked() {
        String refreshToken = (String) login("openid offline_access").get("refresh_token");
        assertThat(revoke("/orgs/acme/api/v1/oauth/revoke", refreshToken, "acme-cli").getStatusCode()).isEqualTo(200);
        assertThat(refresh(refreshToken).getStatusCode()).as("default's token untouched by acme").isEqualTo(200);
    }

    @Test
    void userInfoWhenValidThenClaimsByScopeAndOtherwiseBearerErrors() {
        String token = (String) login("openid email profile").get("access_token");
        APIGatewayV2HTTPResponse ok = userinfo("/oauth2/userinfo", "Bearer " + token, "GET");
        assertThat(ok.getStatusCode()).as(ok.getBody()).isEqualTo(200);
        assertThat(Functions.json(ok)).containsEntry("sub", "demo-user-1").containsEntry("email", "demo@example.com")
                .containsEntry("email_verified", true).containsEntry("name", "Demo User");
        assertThat(userinfo("/oauth2/userinfo", "Bearer " + token, "POST").getStatusCode()).isEqualTo(200);

        String emailOnly = (String) login("openid email").get("access_token");
        assertThat(Functions.json(userinfo("/oauth2/userinfo", "Bearer " + emailOnly, "GET"))).doesNotContainKey("name");

        String noOpenid = (String) login("email").get("access_token");
        APIGatewayV2HTTPResponse forbidden = userinfo("/oauth2/userinfo", "Bearer " + noOpenid, "GET");
        assertThat(forbidden.getStatusCode()).isEqualTo(403);
        assertThat(forbidden.getHeaders().get("WWW-Authenticate")).contains("error=\"insufficient_scope\"");

        APIGatewayV2HTTPResponse none = userinfo("/oauth2/userinfo", null, "GET");
        assertThat(none.getStatusCode()).isEqualTo(401);
        assertThat(none.getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"cliauth\"");
        assertThat(userinfo("/oauth2/userinfo", "Bearer " + token.substring(0, token.length() - 3) + "AAA", "GET")
                .getStatusCode()).as("bad signature").isEqualTo(401);
        assertThat(userinfo("/orgs/acme/oauth2/userinfo", "Bearer " + token, "GET").getStatusCode())
                .as("another org's token").isEqualTo(401);

        functions.clock.advance(Duration.ofHours(2));
        assertThat(userinfo("/oauth2/userinfo", "Bearer " + token, "GET").getStatusCode()).as("expired").isEqualTo(401);
    }

    @Test
    void anAccountWhoseEmailIsNotVerifiedIsSaidSoEverywhere() throws Exception {
        functions.dynamo.updateItem(u -> u.tableName(functions.table)
                .key(dev.cliauth.store.Attrs.key(dev.cliauth.store.Keys.user("default", "demo@example.com")))
                .updateExpression("SET email_verified = :f")
                .expressionAttributeValues(Map.of(":f", dev.cliauth.store.Attrs.bool(false))));
        var started = logins.start("demo-cli", "openid email offline_access");
        EventBrowser browser = new EventBrowser(functions.verification);
        browser.signInWithCode(started.userCode(), "demo@example.com", "demo-password");
        assertThat(browser.decide("approve").getBody()).contains("Return to your terminal");
        functions.clock.advance(java.time.Duration.ofSeconds(5));
        Map<String, Object> tokens = Functions.json(logins.poll(started.deviceCode()));
        assertThat(com.nimbusds.jwt.SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet()
                .getBooleanClaim("email_verified")).isFalse();
        assertThat(Functions.json(userinfo("/oauth2/userinfo", "Bearer " + tokens.get("access_token"), "GET")))
                .containsEntry("email", "demo@example.com").containsEntry("email_verified", false);
        Map<String, Object> refreshed = Functions.json(refresh((String) tokens.get("refresh_token")));
        assertThat(com.nimbusds.jwt.SignedJWT.parse((String) refreshed.get("id_token")).getJWTClaimsSet()
                .getBooleanClaim("email_verified")).as("kept with the refresh token").isFalse();
    }

    @Test
    void discoveryWhenReadThenListsRevocationAndUserInfo() {
        Map<String, Object> metadata = Functions.json(Functions.invoke(functions.token,
                Events.load("metadata").path("/orgs/acme/.well-known/openid-configuration").build()));
        assertThat(metadata).containsEntry("revocation_endpoint", Functions.ISSUER + "/orgs/acme/api/v1/oauth/revoke")
                .containsEntry("userinfo_endpoint", Functions.ISSUER + "/orgs/acme/oauth2/userinfo");
    }
}
