package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.config.Functions;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.store.PrimingFixture;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests that prime each function: every route of {@code template.yaml} at least once (the
 * org-scoped ones for an org of the stand-in's, and one unknown org), as
 * real-shaped payload 2.0 events sent through the real handler, as the priming fixture's client
 * and account. None can write: the DynamoDB stand-in performs no write, and the requests are
 * chosen so that what it answers is an outcome the endpoint expects (an unknown code, a code
 * issued to nobody), not a failure.
 */
final class PrimingRequests {

    private static final Pattern FIELD = Pattern.compile("name=\"(csrf|grant|app|sig)\" value=\"([^\"]*)\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([A-Za-z0-9._-]+)\"");
    private static final String DEVICE_CODE = "A".repeat(43);
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";
    /** The org-scoped paths of the org that exists only while priming ({@link OrgRepository#PRIMING_ORG}). */
    private static final String ORG = OrgPaths.prefix(OrgRepository.PRIMING_ORG);
    /**
     * What browsers send: a language with its region and fallbacks (RFC 9110 §12.5.4), one per
     * request in turn, so that matching a header to a supported language is primed too.
     */
    private static final List<String> ACCEPT_LANGUAGES = List.of("en-US,en;q=0.9", "de-DE,de;q=0.9,en;q=0.8",
            "fr-CA,fr;q=0.9,en-US;q=0.8", "es-419,es;q=0.9");

    private final CliauthFunction function;
    private final PrimingFixture fixture;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<String> sent = new ArrayList<>();
    private final Map<String, String> fields = new LinkedHashMap<>();
    private int requests;
    private String accessToken;
    private String bearer;

    PrimingRequests(CliauthFunction function, PrimingFixture fixture) {
        this.function = function;
        this.fixture = fixture;
    }

    /**
     * Sends the function's requests; returns each as {@code METHOD path status}. The first round
     * sends every request; later ones leave out sign-in, which costs a bcrypt check each time.
     */
    List<String> send(String environment, boolean first) {
        sent.clear();
        switch (environment) {
            case Functions.DEVICE_AUTHORIZATION -> {
                post("/oauth2/device_authorization", "client_id=" + fixture.clientId() + "&scope=openid%20email");
                post("/oauth2/device_authorization", "client_id=cliauth-priming-unknown");
                send("GET", "/oauth2/device_authorization", "", null);
                post(ORG + "/api/v1/oauth/device_authorization", "client_id=" + fixture.clientId());
                post("/orgs/cliauth-priming-unknown/api/v1/oauth/device_authorization", "client_id=" + fixture.clientId());
                send("POST", "/user_management/authorize/device", "", "{\"client_id\":\"" + fixture.clientId() + "\"}", JSON);
                post(ORG + "/user_management/authorize/device", "client_id=" + fixture.clientId());
            }
            case Functions.TOKEN -> {
                post("/oauth2/token", deviceCodeGrant(fixture.pendingDeviceCode()));
                post("/oauth2/token", deviceCodeGrant(fixture.approvedDeviceCode()));
                post("/oauth2/token", deviceCodeGrant(DEVICE_CODE));
                post("/oauth2/token", "grant_type=refresh_token&refresh_token=" + DEVICE_CODE + "&client_id=" + fixture.clientId());
                post("/oauth2/token", "grant_type=password&client_id=" + fixture.clientId());
                send("GET", "/.well-known/oauth-authorization-server", "", null);
                send("GET", "/.well-known/openid-configuration", "", null);
                send("GET", "/oauth2/jwks", "", null);
                send("GET", "/oauth2/token", "", null);
                post(ORG + "/api/v1/oauth/token", deviceCodeGrant(DEVICE_CODE));
                send("POST", "/user_management/authenticate", "", "{\"grant_type\":\"" + DEVICE_GRANT + "\",\"device_code\":\""
                        + fixture.approvedDeviceCode() + "\",\"client_id\":\"" + fixture.clientId() + "\"}", JSON);
                post("/user_management/authenticate", deviceCodeGrant(fixture.pendingDeviceCode()));
                post(ORG + "/user_management/authenticate", deviceCodeGrant(DEVICE_CODE));
                post("/oauth2/revoke", "token=" + DEVICE_CODE + "&client_id=" + fixture.clientId());
                post(ORG + "/api/v1/oauth/revoke", "token=" + DEVICE_CODE + "&client_id=" + fixture.clientId());
                send("GET", "/oauth2/userinfo", "", null);
                bearer = accessToken;   // the access token the approved grant's redemption answered
                send("GET", "/oauth2/userinfo", "", null);
                post("/oauth2/userinfo", "");
                bearer = null;
                send("GET", ORG + "/oauth2/userinfo", "", null);
                post(ORG + "/oauth2/userinfo", "");
                send("GET", ORG + "/.well-known/oauth-authorization-server", "", null);
                send("GET", ORG + "/.well-known/openid-configuration", "", null);
                send("GET", "/.well-known/oauth-authorization-server" + ORG, "", null);
                send("GET", ORG + "/oauth2/jwks", "", null);
                send("GET", "/orgs/cliauth-priming-unknown/oauth2/jwks", "", null);
            }
            case Functions.VERIFICATION -> {
                send("GET", "/device", "", null);
                send("GET", "/device", "user_code=" + fixture.userCode(), null);
                if (first) {
                    post("/device", "csrf=" + enc(field("csrf")) + "&user_code=" + fixture.userCode());
                    post("/device/signin", "csrf=" + enc(field("csrf")) + "&user_code=" + fixture.userCode()
                            + "&username=" + enc(fixture.email()) + "&password=" + enc("not-" + fixture.password()));
                    post("/device/signin", "csrf=" + enc(field("csrf")) + "&user_code=" + fixture.userCode()
                            + "&username=" + enc("nobody-" + fixture.email()) + "&password=" + enc(fixture.password()));
                    post("/device/signin", "csrf=" + enc(field("csrf")) + "&user_code=" + fixture.userCode()
                            + "&username=" + enc(fixture.email()) + "&password=" + enc(fixture.password()));
                } else {
                    post("/device", "csrf=" + enc(field("csrf")) + "&user_code=" + fixture.userCode());
                }
                post("/device/decision", "csrf=" + enc(field("csrf")) + "&decision=approve&grant=" + enc(field("grant"))
                        + "&app=" + enc(field("app")) + "&sig=" + enc(field("sig")));
                post("/device/decision", "csrf=" + enc(field("csrf")) + "&decision=deny&grant=priming&app=Priming&sig=x");
                // "Your devices": the list, a revoke of a family that is no family, another account's list.
                send("GET", "/devices", "", null);
                post("/devices", "csrf=" + enc(field("csrf")) + "&family=priming");
                send("GET", "/devices", "user=" + enc("nobody-" + fixture.email()), null);
                send("GET", "/devices", "", null);
                post("/device/signout", "csrf=" + enc(field("csrf")));
                // Company sign-in: a form that fails its CSRF check, a callback to an org without one.
                post("/device/sso", "csrf=x&user_code=" + fixture.userCode());
                send("GET", "/device/sso/callback", "state=priming&code=priming", null);
                send("GET", "/device/view", "v=AAAAAAAAAAAAAAAAAAAAAA", null);
                send("GET", "/device/assets/style.css", "", null);
                send("GET", "/device/assets/none", "", null);
                send("PUT", "/device", "", null);
                // The org-scoped pages: the priming org has a session key but no account or grant.
                cookies.clear();
                send("GET", ORG + "/device", "user_code=" + fixture.userCode(), null);
                post(ORG + "/device", "csrf=" + enc(field("csrf")) + "&user_code=" + fixture.userCode());
                post(ORG + "/device/signin", "csrf=x&user_code=" + fixture.userCode());
                post(ORG + "/device/decision", "csrf=x&decision=deny&grant=priming&app=Priming&sig=x");
                post(ORG + "/device/signout", "csrf=x");
                send("GET", ORG + "/devices", "", null);
                send("GET", ORG + "/device/view", "v=x", null);
                post(ORG + "/devices", "csrf=x&family=priming");
                post(ORG + "/device/sso", "csrf=x&user_code=" + fixture.userCode());
                send("GET", ORG + "/device/sso/callback", "state=priming&code=priming", null);
                send("GET", "/orgs/cliauth-priming-unknown/device", "", null);
                cookies.clear();
            }
            case Functions.PORTAL -> {
                // Signed out: each page answers the sign-in form, each form "form expired"; an
                // invitation link that is no invitation; the org-scoped pages and an unknown org.
                for (String prefix : List.of("", ORG)) {
                    cookies.clear();
                    for (String page : List.of("", "/applications", "/applications/" + fixture.clientId(), "/settings",
                            "/users", "/audit")) {
                        send("GET", prefix + "/portal" + page, "", null);
                    }
                    for (String form : List.of("/applications", "/applications/" + fixture.clientId(), "/settings",
                            "/users", "/confirm", "/welcome")) {
                        post(prefix + "/portal" + form, "csrf=" + enc(field("csrf")) + "&action=save");
                    }
                    send("GET", prefix + "/portal/welcome", "email=" + enc(fixture.email()) + "&token=" + DEVICE_CODE, null);
                }
                send("GET", "/orgs/cliauth-priming-unknown/portal/applications", "", null);
                cookies.clear();
            }
            default -> throw new IllegalArgumentException("no priming for " + environment);
        }
        return List.copyOf(sent);
    }

    private String deviceCodeGrant(String deviceCode) {
        return "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=" + deviceCode
                + "&client_id=" + fixture.clientId();
    }

    /** A hidden field of the last page that had it, HTML character references decoded. */
    private String field(String name) {
        String value = fields.getOrDefault(name, "");
        return value.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private void post(String path, String form) {
        send("POST", path, "", form);
    }

    private void send(String method, String path, String query, String form) {
        send(method, path, query, form, FORM);
    }

    private void send(String method, String path, String query, String form, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "priming.invalid");
        headers.put("user-agent", "cliauth-priming");
        headers.put("accept", "*/*");
        headers.put("accept-language", ACCEPT_LANGUAGES.get(requests++ % ACCEPT_LANGUAGES.size()));
        if (form != null) {
            headers.put("content-type", contentType);
        }
        if (bearer != null) {
            headers.put("authorization", "Bearer " + bearer);
        }
        List<String> jar = new ArrayList<>();
        cookies.forEach((name, value) -> jar.add(name + "=" + value));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + path)
                .withRawPath(path)
                .withRawQueryString(query)
                .withHeaders(headers)
                .withCookies(jar.isEmpty() ? null : jar)
                .withBody(form == null ? null : Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(form != null)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("priming")
                        .withDomainName("priming.invalid")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("192.0.2.1")
                                .withUserAgent("cliauth-priming")
                                .build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
        sent.add(method + " " + path + " " + response.getStatusCode());
        if (response.getCookies() != null) {
            for (String setCookie : response.getCookies()) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        Matcher token = ACCESS_TOKEN.matcher(response.getBody() == null ? "" : response.getBody());
        if (token.find()) {
            accessToken = token.group(1);
        }
        Matcher m = FIELD.matcher(response.getBody() == null ? "" : response.getBody());
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        // A form post ends in a 303 to the page it kept (POST → redirect → GET): follow it, as a browser does.
        String location = response.getHeaders() == null ? null : response.getHeaders().get("Location");
        if (response.getStatusCode() == 303 && location != null && location.contains("/device/view?")) {
            int q = location.indexOf('?');
            send("GET", location.substring(0, q), location.substring(q + 1), null);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
