package dev.cliauth.flow;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.cliauth.local.LocalDynamo;
import dev.cliauth.local.LocalServer;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.Concurrently;
import dev.cliauth.testing.TestDynamo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole login over HTTP against local mode: the CLI side is Nimbus oauth2-oidc-sdk, the
 * browser side posts the real forms with cookies and CSRF tokens, and the access token is
 * verified against the JWKS named in the metadata document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WholeFlowTest {

    private LocalServer server;
    private String base;
    private AuthorizationServerMetadata metadata;

    @BeforeAll
    void start() throws Exception {
        String table = TestDynamo.newTable();
        new Seed(TestDynamo.client(), table).demo();
        int port = LocalDynamo.freePort();
        base = "http://localhost:" + port;
        server = new LocalServer(TestDynamo.template(), port, Map.of(
                "cliauth.table", table,
                "cliauth.issuer", base,
                "cliauth.dynamodb.endpoint", LocalDynamo.IN_PROCESS_ENDPOINT,
                "cliauth.device.interval", "1s"), TestDynamo.httpClient());
        metadata = AuthorizationServerMetadata.resolve(new Issuer(base));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private DeviceAuthorizationSuccessResponse startLogin() throws Exception {
        DeviceAuthorizationResponse response = DeviceAuthorizationResponse.parse(
                new DeviceAuthorizationRequest(metadata.getDeviceAuthorizationEndpointURI(),
                        new ClientID(Seed.DEMO_CLIENT), new Scope("openid", "email")).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse();
    }

    private TokenResponse poll(DeviceCode code) throws Exception {
        return TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(), new ClientID(Seed.DEMO_CLIENT),
                new DeviceCodeGrant(code)).toHTTPRequest().send());
    }

    /** Signs in and approves in a cookie-keeping HTTP client, as a browser without JavaScript would. */
    private void approveInBrowser(URI verificationUriComplete) throws Exception {
        approveInBrowser(verificationUriComplete, "/device", Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD, "Demo CLI");
    }

    private void approveInBrowser(URI verificationUriComplete, String devicePath, String email, String password,
                                  String app) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String page = send(browser, HttpRequest.newBuilder(verificationUriComplete).GET().build());
        String code = field(page, "user_code");
        page = post(browser, devicePath, "csrf", field(page, "csrf"), "user_code", code);
        assertThat(page).contains("<label for=\"username\">Email</label>");
        page = post(browser, devicePath + "/signin", "csrf", field(page, "csrf"), "user_code", code,
                "username", email, "password", password);
        assertThat(dev.cliauth.testing.EventBrowser.text(page)).contains(app).contains(code);
        page = post(browser, devicePath + "/decision", "csrf", field(page, "csrf"), "grant", field(page, "grant"),
                "app", field(page, "app"), "sig", field(page, "sig"), "decision", "approve");
        assertThat(page).contains("Return to your terminal");
    }

    /**
     * SPEC §2's org-scoped sequence for org acme over HTTP with an OpenID Connect library: discovery
     * at the org's issuer, device authorization, the org's page, the token, the ID token validated
     * against the org's JWKS with issuer {base}/orgs/acme, then a refresh and a revocation.
     */
    @Test
    void orgScopedSequenceForAcmeThenIdTokenValidatesAgainstAcmesJwksAndIssuer() throws Exception {
        Issuer acme = new Issuer(base + "/orgs/acme");
        OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(acme);
        assertThat(provider.getIssuer()).isEqualTo(acme);
        assertThat(provider.getDeviceAuthorizationEndpointURI().toString())
                .isEqualTo(base + "/orgs/acme/api/v1/oauth/device_authorization");
        ClientID client = new ClientID(Seed.ACME_CLIENT);
        DeviceAuthorizationSuccessResponse device = DeviceAuthorizationResponse.parse(new DeviceAuthorizationRequest(
                provider.getDeviceAuthorizationEndpointURI(), client, new Scope("openid", "email"))
                .toHTTPRequest().send()).toSuccessResponse();
        assertThat(device.getVerificationURI().toString()).isEqualTo(base + "/orgs/acme/device");

        approveInBrowser(device.getVerificationURIComplete(), "/orgs/acme/device", Seed.ACME_EMAIL, Seed.ACME_PASSWORD,
                "Acme CLI");
        Thread.sleep(1_100);
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(provider.getTokenEndpointURI(), client,
                new DeviceCodeGrant(device.getDeviceCode())).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(String.valueOf(response.toHTTPResponse().getBody())).isTrue();
        OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();

        IDTokenValidator validator = new IDTokenValidator(acme, client, JWSAlgorithm.ES256, provider.getJWKSetURI().toURL());
        IDTokenClaimsSet idClaims = validator.validate(tokens.getIDToken(), null);
        assertThat(idClaims.getIssuer()).isEqualTo(acme);
        assertThat(idClaims.getStringClaim("email")).isEqualTo(Seed.ACME_EMAIL);
        IDTokenValidator atDefault = new IDTokenValidator(new Issuer(base), client, JWSAlgorithm.ES256,
                URI.create(base + "/oauth2/jwks").toURL());
        assertThatThrownBy(() -> atDefault.validate(tokens.getIDToken(), null)).as("not the default org's token")
                .isInstanceOf(Exception.class);

        assertThat(tokens.getRefreshToken()).as("acme-cli's refresh policy is always").isNotNull();
        TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(provider.getTokenEndpointURI(), client,
                new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest().send());
        assertThat(refreshed.indicatesSuccess()).as(String.valueOf(refreshed.toHTTPResponse().getBody())).isTrue();
        RefreshToken next = refreshed.toSuccessResponse().getTokens().getRefreshToken();

        HTTPResponse revoked = new TokenRevocationRequest(provider.getRevocationEndpointURI(), client, next)
                .toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        TokenResponse afterRevoke = TokenResponse.parse(new TokenRequest(provider.getTokenEndpointURI(), client,
                new RefreshTokenGrant(next)).toHTTPRequest().send());
        assertThat(((TokenErrorResponse) afterRevoke).getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void loginWithOAuthLibraryAndBrowserFormsThenAccessTokenVerifiesAgainstJwks() throws Exception {
        DeviceAuthorizationSuccessResponse device = startLogin();
        assertThat(device.getVerificationURI().toString()).isEqualTo(base + "/device");

        TokenResponse pending = poll(device.getDeviceCode());
        assertThat(pending.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) pending).getErrorObject().getCode()).isEqualTo("authorization_pending");

        approveInBrowser(device.getVerificationURIComplete());

        Thread.sleep(1_100);
        TokenResponse tokens = poll(device.getDeviceCode());
        assertThat(tokens.indicatesSuccess()).as(String.valueOf(tokens.toHTTPResponse().getBody())).isTrue();
        AccessTokenResponse success = tokens.toSuccessResponse();

        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).retrying(false).build()));
        JWTClaimsSet claims = processor.process(success.getTokens().getAccessToken().getValue(), null);
        assertThat(claims.getIssuer()).isEqualTo(base);
        assertThat(claims.getSubject()).isEqualTo("demo-user-1");
        assertThat(claims.getStringClaim("client_id")).isEqualTo(Seed.DEMO_CLIENT);

        Thread.sleep(1_100);
        TokenResponse replay = poll(device.getDeviceCode());
        assertThat(((TokenErrorResponse) replay).getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @RepeatedTest(10)
    void fiftyConcurrentRedemptionsOverHttpThenExactlyOneTokenResponse() throws Exception {
        DeviceAuthorizationSuccessResponse device = startLogin();
        approveInBrowser(device.getVerificationURIComplete());
        List<Callable<TokenResponse>> polls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            polls.add(() -> poll(device.getDeviceCode()));
        }
        List<TokenResponse> responses = Concurrently.run(polls);
        assertThat(responses.stream().filter(TokenResponse::indicatesSuccess).count()).isEqualTo(1);
        assertThat(responses).filteredOn(r -> !r.indicatesSuccess())
                .allSatisfy(r -> assertThat(((TokenErrorResponse) r).getErrorObject().getCode()).isIn("slow_down", "invalid_grant"));
    }

    private String post(HttpClient browser, String path, String... pairs) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        // Every form post ends in a 303 to a GET of the page it kept (Back never resubmits it).
        assertThat(response.previousResponse()).as("the post's own answer").hasValueSatisfying(posted -> {
            assertThat(posted.statusCode()).isEqualTo(303);
            assertThat(posted.request().method()).isEqualTo("POST");
        });
        assertThat(response.request().method()).isEqualTo("GET");
        assertThat(response.uri().getPath()).endsWith("/device/view");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String send(HttpClient browser, HttpRequest request) throws Exception {
        HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("field " + name + " in " + html).isTrue();
        return m.group(1);
    }
}
