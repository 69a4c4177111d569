package dev.cliauth.org;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.CallCounter;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orgs (SPEC §2): the org-scoped path family serves each org with its own issuer, keys, clients,
 * users, codes and sessions, and nothing of one org is known in another; an unknown org is a 404.
 * Through the real handlers with real-shaped payload-2.0 events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrgsTest {

    private static final String ACME = Functions.ISSUER + "/orgs/acme";

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

    @Test
    void orgScopedLoginWhenApprovedThenTokensFromTheOrgsIssuerSignedWithTheOrgsKeys() throws Exception {
        Map<String, Object> started = authorize("/orgs/acme/api/v1/oauth/device_authorization", Seed.ACME_CLIENT, 200);
        assertThat(started.get("verification_uri")).isEqualTo(ACME + "/device");
        assertThat(started.get("verification_uri_complete")).isEqualTo(ACME + "/device?user_code=" + started.get("user_code"));
        assertThat(started.get("expires_in")).as("acme-cli's own code lifetime").isEqualTo(1800L);
        String userCode = (String) started.get("user_code");
        String deviceCode = (String) started.get("device_code");

        EventBrowser browser = new EventBrowser(functions.verification).at("/orgs/acme/device");
        APIGatewayV2HTTPResponse confirm = browser.signInWithCode(userCode, Seed.ACME_EMAIL, Seed.ACME_PASSWORD);
        assertThat(confirm.getStatusCode()).as(confirm.getBody()).isEqualTo(200);
        assertThat(confirm.getBody()).contains("Acme CLI").contains("action=\"/orgs/acme/device/decision\"");
        assertThat(browser.cookies()).as("acme's own cookies").containsKeys("__Host-cliauth_csrf-acme", "__Host-cliauth_session-acme")
                .doesNotContainKeys("__Host-cliauth_session");
        assertThat(browser.decide("approve").getBody()).contains("Acme CLI is now signed in");

        APIGatewayV2HTTPResponse tokens = token("/orgs/acme/api/v1/oauth/token", deviceCode, Seed.ACME_CLIENT);
        assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);
        SignedJWT idToken = SignedJWT.parse((String) Functions.json(tokens).get("id_token"));
        SignedJWT accessToken = SignedJWT.parse((String) Functions.json(tokens).get("access_token"));
        assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo(ACME);
        assertThat(idToken.getJWTClaimsSet().getStringClaim("email")).isEqualTo(Seed.ACME_EMAIL);
        assertThat(accessToken.getJWTClaimsSet().getIssuer()).isEqualTo(ACME);

        Map<String, Object> discovery = Functions.json(get(functions.token, "/orgs/acme/.well-known/openid-configuration"));
        assertThat(discovery).containsEntry("issuer", ACME)
                .containsEntry("device_authorization_endpoint", ACME + "/api/v1/oauth/device_authorization")
                .containsEntry("token_endpoint", ACME + "/api/v1/oauth/token")
                .containsEntry("jwks_uri", ACME + "/oauth2/jwks");
        assertThat(Functions.json(get(functions.token, "/.well-known/oauth-authorization-server/orgs/acme")))
                .as("RFC 8414 §3.1's location").isEqualTo(discovery);
        JWKSet acmeKeys = JWKSet.parse(get(functions.token, (String) discovery.get("jwks_uri")).getBody());
        JWKSet defaultKeys = JWKSet.parse(get(functions.token, "/oauth2/jwks").getBody());
        assertThat(verifies(idToken, acmeKeys)).as("ID token against acme's JWKS").isTrue();
        assertThat(verifies(accessToken, acmeKeys)).as("access token against acme's JWKS").isTrue();
        assertThat(verifies(idToken, defaultKeys)).as("against the default org's JWKS").isFalse();
        assertThat(acmeKeys.getKeys()).extracting(JWK::getKeyID)
                .doesNotContainAnyElementsOf(defaultKeys.getKeys().stream().map(JWK::getKeyID).toList());
    }

    /**
     * RFC 8414 §3.3: "The "issuer" value returned MUST be identical to the authorization server's
     * issuer identifier value into which the well-known URI string was inserted"; §2:
     * "response_types_supported REQUIRED" (empty here: no authorization endpoint).
     */
    @Test
    void metadataWhereverServedThenNamesTheIssuerItWasFoundUnder() {
        Map<String, String> locations = Map.of(
                "/.well-known/oauth-authorization-server", Functions.ISSUER,
                "/.well-known/openid-configuration", Functions.ISSUER,
                "/orgs/acme/.well-known/oauth-authorization-server", ACME,
                "/orgs/acme/.well-known/openid-configuration", ACME,
                "/.well-known/oauth-authorization-server/orgs/acme", ACME);
        locations.forEach((path, issuer) -> {
            APIGatewayV2HTTPResponse response = get(functions.token, path);
            assertThat(response.getStatusCode()).as(path).isEqualTo(200);
            assertThat(Functions.json(response)).as(path).containsEntry("issuer", issuer)
                    .containsEntry("response_types_supported", List.of());
        });
        for (String path : List.of("/orgs/default/.well-known/openid-configuration",
                "/orgs/default/.well-known/oauth-authorization-server", "/.well-known/oauth-authorization-server/orgs/default")) {
            APIGatewayV2HTTPResponse response = get(functions.token, path);
            assertThat(response.getStatusCode()).as(path + ": no issuer {base}/orgs/default exists").isEqualTo(404);
            assertThat(Functions.json(response)).containsEntry("error", "invalid_request");
        }
    }

    @Test
    void clientOfOneOrgWhenUsedInAnotherThenInvalidClient() {
        assertThat(authorize("/oauth2/device_authorization", Seed.ACME_CLIENT, 400).get("error")).isEqualTo("invalid_client");
        assertThat(authorize("/orgs/acme/api/v1/oauth/device_authorization", Seed.DEMO_CLIENT, 400).get("error"))
                .isEqualTo("invalid_client");
    }

    @Test
    void deviceCodeOfOneOrgWhenPolledInAnotherThenUnknown() {
        String acmeCode = (String) authorize("/orgs/acme/api/v1/oauth/device_authorization", Seed.ACME_CLIENT, 200).get("device_code");
        String defaultCode = logins.start().deviceCode();

        APIGatewayV2HTTPResponse atDefault = token("/oauth2/token", acmeCode, Seed.DEMO_CLIENT);
        assertThat(Functions.json(atDefault).get("error")).as(atDefault.getBody()).isEqualTo("invalid_grant");
        APIGatewayV2HTTPResponse atAcme = token("/orgs/acme/api/v1/oauth/token", defaultCode, Seed.ACME_CLIENT);
        assertThat(Functions.json(atAcme).get("error")).as(atAcme.getBody()).isEqualTo("invalid_grant");
        assertThat(Functions.json(token("/orgs/acme/api/v1/oauth/token", acmeCode, Seed.ACME_CLIENT)).get("error"))
                .as("the grant itself is untouched").isEqualTo("authorization_pending");
    }

    @Test
    void userCodeOfOneOrgWhenEnteredOnAnothersPagesThenNotFound() {
        String acmeUserCode = (String) authorize("/orgs/acme/api/v1/oauth/device_authorization", Seed.ACME_CLIENT, 200)
                .get("user_code");
        String defaultUserCode = logins.start().userCode();

        APIGatewayV2HTTPResponse onDefault = new EventBrowser(functions.verification)
                .signInWithCode(acmeUserCode, Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        assertThat(onDefault.getStatusCode()).isEqualTo(404);
        assertThat(onDefault.getBody()).contains("That code didn't work");
        APIGatewayV2HTTPResponse onAcme = new EventBrowser(functions.verification).at("/orgs/acme/device")
                .signInWithCode(defaultUserCode, Seed.ACME_EMAIL, Seed.ACME_PASSWORD);
        assertThat(onAcme.getStatusCode()).isEqualTo(404);
        assertThat(onAcme.getBody()).contains("That code didn't work");
    }

    @Test
    void accountOfOneOrgWhenSigningInToAnotherThenRefused() {
        String acmeUserCode = (String) authorize("/orgs/acme/api/v1/oauth/device_authorization", Seed.ACME_CLIENT, 200)
                .get("user_code");
        APIGatewayV2HTTPResponse refused = new EventBrowser(functions.verification).at("/orgs/acme/device")
                .signInWithCode(acmeUserCode, Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD);
        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(refused.getBody()).contains("Email or password is incorrect.")
                .contains("action=\"/orgs/acme/device/signin\"");
    }

    @Test
    void sessionOfOneOrgWhenOnAnothersPagesThenNotSignedIn() {
        String defaultUserCode = logins.start().userCode();
        String acmeUserCode = (String) authorize("/orgs/acme/api/v1/oauth/device_authorization", Seed.ACME_CLIENT, 200)
                .get("user_code");
        EventBrowser browser = new EventBrowser(functions.verification);
        assertThat(browser.signInWithCode(defaultUserCode, Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD).getStatusCode()).isEqualTo(200);

        browser.at("/orgs/acme/device");
        assertThat(browser.get("").getBody()).doesNotContain("Signed in as");
        APIGatewayV2HTTPResponse entered = browser.post("/orgs/acme/device", "csrf=" + enc(browser.csrf()) + "&user_code=" + enc(acmeUserCode));
        assertThat(entered.getBody()).as("asked to sign in to acme").contains("action=\"/orgs/acme/device/signin\"")
                .contains("name=\"password\"");

        // The default org's session cookie presented as acme's is not acme's.
        EventBrowser forged = new EventBrowser(functions.verification).at("/orgs/acme/device");
        forged.cookies().put("__Host-cliauth_session-acme", browser.cookies().get("__Host-cliauth_session"));
        assertThat(forged.get("").getBody()).doesNotContain("Signed in as");
        // A CSRF token of the default org's pages is refused on acme's.
        APIGatewayV2HTTPResponse crossCsrf = browser.post("/orgs/acme/device", "csrf=" + enc(defaultCsrf(browser))
                + "&user_code=" + enc(acmeUserCode));
        assertThat(crossCsrf.getStatusCode()).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "cliauth-priming", "a-b-c"})
    void unknownOrgWhenAnyPathFamilyThen404AndAtMostOneRead(String org) {
        calls.reset();
        APIGatewayV2HTTPResponse api = Functions.invoke(functions.deviceAuthorization, Events.load("org-device-authorization")
                .path("/orgs/" + org + "/api/v1/oauth/device_authorization").build());
        assertThat(api.getStatusCode()).isEqualTo(404);
        assertThat(Functions.json(api)).containsEntry("error", "invalid_request");
        assertThat(api.getHeaders().get("Content-Type")).startsWith("application/json");
        for (int i = 0; i < 3; i++) {
            assertThat(Functions.invoke(functions.deviceAuthorization, Events.load("org-device-authorization")
                    .path("/orgs/" + org + "/api/v1/oauth/device_authorization").build()).getStatusCode()).isEqualTo(404);
        }
        assertThat(calls.calls()).as("one read, then cached").containsExactly("GetItem");

        APIGatewayV2HTTPResponse token = token("/orgs/" + org + "/api/v1/oauth/token", "x".repeat(43), Seed.DEMO_CLIENT);
        assertThat(token.getStatusCode()).isEqualTo(404);
        assertThat(Functions.json(token)).containsEntry("error", "invalid_request");
        assertThat(get(functions.token, "/orgs/" + org + "/oauth2/jwks").getStatusCode()).isEqualTo(404);
        assertThat(get(functions.token, "/orgs/" + org + "/.well-known/openid-configuration").getStatusCode()).isEqualTo(404);
        assertThat(get(functions.token, "/.well-known/oauth-authorization-server/orgs/" + org).getStatusCode()).isEqualTo(404);

        APIGatewayV2HTTPResponse page = new EventBrowser(functions.verification).at("/orgs/" + org + "/device").get("");
        assertThat(page.getStatusCode()).isEqualTo(404);
        assertThat(page.getHeaders().get("Content-Type")).startsWith("text/html");
        assertThat(page.getBody()).contains("Page not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACME", "ac_me", "%61cme", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void malformedOrgIdWhenAnyPathFamilyThen404WithoutARead(String org) {
        calls.reset();
        APIGatewayV2HTTPResponse api = Functions.invoke(functions.deviceAuthorization, Events.load("org-device-authorization")
                .path("/orgs/" + org + "/api/v1/oauth/device_authorization").build());
        assertThat(api.getStatusCode()).isEqualTo(404);
        assertThat(get(functions.token, "/orgs/" + org + "/oauth2/jwks").getStatusCode()).isEqualTo(404);
        assertThat(new EventBrowser(functions.verification).at("/orgs/" + org + "/device").get("").getStatusCode()).isEqualTo(404);
        assertThat(calls.calls()).as("no DynamoDB call for an id no org can have").isEmpty();
    }

    @Test
    void orgIdWhenCheckedThenLowercaseLettersDigitsAndDashesUpTo63() {
        assertThat(OrgId.valid("acme")).isTrue();
        assertThat(OrgId.valid("a-1")).isTrue();
        assertThat(OrgId.valid("a".repeat(63))).isTrue();
        assertThat(OrgId.valid("a".repeat(64))).isFalse();
        assertThat(OrgId.valid("")).isFalse();
        assertThat(OrgId.valid(null)).isFalse();
        assertThat(OrgId.valid("Acme")).isFalse();
        assertThat(OrgId.valid("ac.me")).isFalse();
        assertThat(OrgId.valid("ac%6de")).isFalse();
        assertThat(OrgId.ofPath("/orgs/acme/device")).isEqualTo("acme");
        assertThat(OrgId.ofPath("/orgs/acme")).isEqualTo("acme");
        assertThat(OrgId.ofPath("/device")).isEqualTo("default");
        assertThat(OrgId.ofPath("/orgsx/acme")).isEqualTo("default");
    }

    // ------------------------------------------------------------------------------ helpers

    private Map<String, Object> authorize(String path, String clientId, int status) {
        APIGatewayV2HTTPResponse response = Functions.invoke(functions.deviceAuthorization, Events.load("org-device-authorization")
                .path(path).form("client_id=" + enc(clientId) + "&scope=" + enc("openid email")).build());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return Functions.json(response);
    }

    private APIGatewayV2HTTPResponse token(String path, String deviceCode, String clientId) {
        return Functions.invoke(functions.token, Events.load("token-poll").path(path)
                .form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code") + "&device_code=" + enc(deviceCode)
                        + "&client_id=" + enc(clientId)).build());
    }

    private static APIGatewayV2HTTPResponse get(dev.cliauth.lambda.CliauthFunction function, String pathOrUrl) {
        String path = pathOrUrl.startsWith(Functions.ISSUER) ? pathOrUrl.substring(Functions.ISSUER.length()) : pathOrUrl;
        return Functions.invoke(function, Events.load("jwks").path(path).build());
    }

    private static boolean verifies(SignedJWT jwt, JWKSet keys) throws Exception {
        JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new ECDSAVerifier(key.toECKey()));
    }

    /** A CSRF token of the default org's code entry form for this browser. */
    private String defaultCsrf(EventBrowser browser) {
        EventBrowser onDefault = new EventBrowser(functions.verification);
        onDefault.cookies().putAll(browser.cookies());
        onDefault.get("");
        return onDefault.csrf();
    }
}
