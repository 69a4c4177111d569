package dev.cliauth.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.fuzz.Mutations.Mutation;
import dev.cliauth.fuzz.Mutations.Valid;
import dev.cliauth.lambda.Payload2Request;
import dev.cliauth.local.SamTemplate;
import dev.cliauth.verification.BrowserState;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.grant.IndexedGrant;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cliauth.fuzz.RequestArbitraries.ROUTES;
import static dev.cliauth.fuzz.RequestArbitraries.enc;
import static dev.cliauth.fuzz.RequestArbitraries.sampleHeaders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on every route of {@code template.yaml} through the three real handlers (SPEC §3
 * "Bad input never yields a 5xx"): random and malformed methods, paths, content types, bodies,
 * query strings, cookies and headers, and valid requests with one part flipped. Every answer is
 * checked by {@link ResponseInvariants}; request bodies and forms have size limits.
 *
 * <p>Any 2xx-4xx status is fine (a 429 from rate limiting too); what each must look like is in
 * {@link ResponseInvariants}. jqwik reports each property's tries, seed and statistics in
 * {@code target/surefire-reports/dev.cliauth.fuzz.RouteFuzzTest-output.txt}; a failure shows the
 * shrunk request and its seed (replay it with {@code @Property(seed = "...")}), and the failing
 * sample is tried first on the next run ({@code target/jqwik-database}).
 */
class RouteFuzzTest {

    private static final String EMAIL = "demo@example.com";
    private static final String PASSWORD = "demo-password";

    /** Requests sent per property, reported when the class is done. */
    private static final Map<String, AtomicInteger> SENT = new ConcurrentSkipListMap<>();

    private static Functions functions;
    private static Logins logins;
    private static Map<String, String> deviceCodes;
    private static String liveUserCode;
    private static String anonymousNonce;
    private static String anonymousCsrf;
    private static List<String> signedInCookies;
    private static String signedInCsrf;
    private static String signedInSessionId;
    /** The application the portal's edit form changes (not demo-cli, which the other properties use). */
    private static final String EDITED_CLIENT = "fuzz-edit-cli";
    private static List<String> adminCookies;
    private static String adminCsrf;

    @BeforeContainer
    static void start() {
        functions = Functions.start();
        logins = new Logins(functions);

        var pending = logins.start();
        var approved = logins.start();
        logins.approve(approved.userCode());
        var denied = logins.start();
        logins.deny(denied.userCode());
        deviceCodes = Map.of("pending", pending.deviceCode(), "approved", approved.deviceCode(),
                "denied", denied.deviceCode());

        EventBrowser anonymous = new EventBrowser(functions.verification);
        anonymous.get("");
        anonymousNonce = anonymous.cookies().get(BrowserState.CSRF_COOKIE);
        anonymousCsrf = anonymous.csrf();

        liveUserCode = logins.start().userCode();
        EventBrowser signedIn = new EventBrowser(functions.verification);
        signedIn.signInWithCode(liveUserCode, EMAIL, PASSWORD);
        signedInCookies = signedIn.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        signedInCsrf = signedIn.csrf();
        signedInSessionId = functions.verification.context().getBean(BrowserState.class)
                .decode("default", signedIn.cookies().get(BrowserState.SESSION_COOKIE)).orElseThrow().id();

        functions.seed.publicClient(EDITED_CLIENT, "Fuzz edit", List.of("openid"), 0, 0);
        EventBrowser admin = new EventBrowser(functions.verification).withPortal(functions.portal());
        admin.send(dev.cliauth.testing.Events.load("device-page").path("/portal/applications"));
        admin.post("/device/signin", "csrf=" + enc(admin.csrf()) + "&next=portal&username=" + enc(Seed.ADMIN_EMAIL)
                + "&password=" + enc(Seed.ADMIN_PASSWORD));
        adminCookies = admin.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        adminCsrf = admin.csrf();
    }

    @AfterContainer
    static void stop() {
        if (functions != null) {
            functions.close();
        }
        int total = SENT.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println("RouteFuzzTest requests sent: " + SENT + ", total " + total);
    }

    private static APIGatewayV2HTTPResponse send(String property, FuzzRequest request) {
        SENT.computeIfAbsent(property, k -> new AtomicInteger()).incrementAndGet();
        APIGatewayV2HTTPResponse response;
        try {
            response = Functions.invoke(request.target().handler(functions), request.event());
        } catch (RuntimeException | Error e) {
            // Out of the handler, API Gateway would answer 500/502 with nothing of ours in it.
            throw new AssertionError("the handler threw for " + request, e);
        }
        ResponseInvariants.check(request, response);
        return response;
    }

    // ------------------------------------------------------------------------------ random input

    /** A request and the route it was drawn from, to check every route is fuzzed. */
    record Fuzzed(SamTemplate.Route route, FuzzRequest request) {
        @Override
        public String toString() {
            return request + " (from route " + route.method() + " " + route.path() + ")";
        }
    }

    @Provide
    Arbitrary<Fuzzed> anything() {
        return Arbitraries.of(ROUTES).flatMap(route -> {
            Target target = Target.of(route.handlerClass());
            return Combinators.combine(RequestArbitraries.methods(route.method()), RequestArbitraries.paths(route),
                            RequestArbitraries.queries(), RequestArbitraries.headers(target), RequestArbitraries.cookies(),
                            RequestArbitraries.bodies())
                    .as((method, path, query, headers, cookies, body) -> new Fuzzed(route,
                            new FuzzRequest(target, method, path, query, headers, cookies, body.text(), body.base64())));
        });
    }

    /** Without jqwik's edge cases, which would favour the first route; the generators mix in their own. */
    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void anyRouteWithAnyInputThenNo5xxNoLeakAndRightShape(@ForAll("anything") Fuzzed fuzzed) {
        Statistics.label("route").collect(fuzzed.route().method() + " " + fuzzed.route().path());
        var response = send("anyRouteWithAnyInput", fuzzed.request());
        Statistics.label("status").collect(response.getStatusCode());
        Statistics.label("route").coverage(coverage -> ROUTES.forEach(route ->
                coverage.check(route.method() + " " + route.path()).count(n -> n >= 100)));
    }

    // ------------------------------------------------------------------------------ one part flipped

    @Provide
    Arbitrary<Mutation> mutations() {
        return Mutations.mutations();
    }

    private static Valid deviceAuthorization() {
        return new Valid(Target.DEVICE_AUTHORIZATION, "/oauth2/device_authorization",
                List.of("client_id=demo-cli", "scope=" + enc("openid email")), sampleHeaders(Target.DEVICE_AUTHORIZATION), null);
    }

    private static Valid tokenPoll(String deviceCode) {
        return new Valid(Target.TOKEN, "/oauth2/token",
                List.of("grant_type=" + enc(RequestArbitraries.DEVICE_GRANT), "device_code=" + deviceCode, "client_id=demo-cli"),
                sampleHeaders(Target.TOKEN), null);
    }

    private static Valid codeEntry() {
        return new Valid(Target.VERIFICATION, "/device",
                List.of("csrf=" + enc(anonymousCsrf), "user_code=" + enc(liveUserCode)),
                sampleHeaders(Target.VERIFICATION), List.of(BrowserState.CSRF_COOKIE + "=" + anonymousNonce));
    }

    private static Valid signIn() {
        return new Valid(Target.VERIFICATION, "/device/signin",
                List.of("csrf=" + enc(anonymousCsrf), "user_code=" + enc(liveUserCode), "username=" + enc(EMAIL),
                        "password=" + enc(PASSWORD)),
                sampleHeaders(Target.VERIFICATION), List.of(BrowserState.CSRF_COOKIE + "=" + anonymousNonce));
    }

    /** A Deny as the confirmation form of the signed-in browser would post it (signed grant reference). */
    private static Valid decision(String userCode) {
        IndexedGrant grant = logins.grant(userCode);
        String sig = functions.verification.context().getBean(BrowserState.class)
                .grantSignature(grant.deviceCodeHash(), grant.org(), grant.clientName(), signedInSessionId);
        return new Valid(Target.VERIFICATION, "/device/decision",
                List.of("csrf=" + enc(signedInCsrf), "grant=" + enc(grant.deviceCodeHash()),
                        "app=" + enc(grant.clientName()), "sig=" + enc(sig), "decision=deny"),
                sampleHeaders(Target.VERIFICATION), signedInCookies);
    }

    /** An org admin's form on one of the portal's pages, as its page would post it. */
    private static Valid portalForm(String form) {
        return portalForm(form, "fuzz-cli");
    }

    private static Valid portalForm(String form, String createdId) {
        return switch (form) {
            case "create" -> new Valid(Target.PORTAL, "/portal/applications", List.of("csrf=" + enc(adminCsrf),
                    "client_id=" + createdId, "name=Fuzz", "type=public", "party=first", "scopes=openid", "refresh=never",
                    "code_ttl=600", "interval=5", "user_code_format=" + enc("base20:8:4")), sampleHeaders(Target.PORTAL),
                    adminCookies);
            case "edit" -> new Valid(Target.PORTAL, "/portal/applications/" + EDITED_CLIENT, List.of("csrf=" + enc(adminCsrf),
                    "action=save", "name=Demo", "party=first", "scopes=" + enc("openid email profile offline_access"),
                    "refresh=offline_access", "code_ttl=", "interval=", "user_code_format="), sampleHeaders(Target.PORTAL),
                    adminCookies);
            case "users" -> new Valid(Target.PORTAL, "/portal/users", List.of("csrf=" + enc(adminCsrf), "action=invite",
                    "email=" + enc("fuzz@example.com"), "name=Fuzz"), sampleHeaders(Target.PORTAL), adminCookies);
            default -> new Valid(Target.PORTAL, "/portal/settings", List.of("csrf=" + enc(adminCsrf), "name=Default"),
                    sampleHeaders(Target.PORTAL), adminCookies);
        };
    }

    @Property(tries = 400)
    void portalFormWithOnePartFlippedThenNo5xxAndHtml(@ForAll("mutations") Mutation mutation,
                                                     @ForAll("portalForms") String form) {
        var response = send("portalFormFlipped", mutation.applyTo(portalForm(form)));
        Statistics.label("status").collect(response.getStatusCode());
    }

    @Provide
    Arbitrary<String> portalForms() {
        return Arbitraries.of("create", "edit", "users", "settings");
    }

    @Example
    void validBasesOfTheMutationsAreAccepted() {
        assertThat(send("validBases", deviceAuthorization().request()).getStatusCode()).isEqualTo(200);
        var poll = send("validBases", tokenPoll(logins.start().deviceCode()).request());
        assertThat(Functions.json(poll).get("error")).isEqualTo("authorization_pending");
        var entry = followed(codeEntry().request());
        assertThat(entry.getStatusCode()).isEqualTo(200);
        assertThat(entry.getBody()).contains("name=\"password\"");
        var confirm = followed(signIn().request());
        assertThat(confirm.getStatusCode()).isEqualTo(200);
        assertThat(confirm.getBody()).contains("value=\"approve\"");
        var created = send("validBases", portalForm("create", "fuzz-valid-cli").request());
        assertThat(created.getStatusCode()).isEqualTo(303);
        assertThat(created.getHeaders().get("Location")).isEqualTo("/portal/applications/fuzz-valid-cli?done=created");
        assertThat(send("validBases", portalForm("edit").request()).getStatusCode()).isEqualTo(303);
        assertThat(send("validBases", portalForm("users").request()).getStatusCode()).isIn(201, 409);
        assertThat(send("validBases", portalForm("settings").request()).getStatusCode()).isEqualTo(409);
        var denied = followed(decision(logins.start().userCode()).request());
        assertThat(denied.getStatusCode()).isEqualTo(200);
        assertThat(denied.getBody()).containsIgnoringCase("denied");
    }

    /** A valid form post: a 303 to the page it kept, then that page as the posting browser gets it. */
    private static APIGatewayV2HTTPResponse followed(FuzzRequest post) {
        APIGatewayV2HTTPResponse posted = send("validBases", post);
        assertThat(posted.getStatusCode()).isEqualTo(303);
        assertThat(posted.getHeaders().get("Location")).matches("/device/view\\?v=[A-Za-z0-9_-]{22}");
        return dev.cliauth.testing.EventBrowser.followed(functions.verification, posted,
                post.cookies() == null ? List.of() : post.cookies());
    }

    @Property(tries = 500)
    void deviceAuthorizationWithOnePartFlippedThenNo5xxAndRfcErrors(@ForAll("mutations") Mutation mutation) {
        var response = send("deviceAuthorizationFlipped", mutation.applyTo(deviceAuthorization()));
        Statistics.label("status").collect(response.getStatusCode());
    }

    @Property(tries = 500)
    void tokenPollWithOnePartFlippedThenNo5xxAndRfcErrors(@ForAll("mutations") Mutation mutation,
                                                         @ForAll("grantStates") String grant) {
        var response = send("tokenPollFlipped", mutation.applyTo(tokenPoll(deviceCodes.get(grant))));
        Statistics.label("status").collect(response.getStatusCode());
    }

    @Provide
    Arbitrary<String> grantStates() {
        return Arbitraries.of("pending", "approved", "denied");
    }

    @Property(tries = 600)
    void verificationFormWithOnePartFlippedThenNo5xxAndHtml(@ForAll("mutations") Mutation mutation,
                                                           @ForAll("verificationForms") String form) {
        Valid valid = switch (form) {
            case "code entry" -> codeEntry();
            case "sign-in" -> signIn();
            default -> decision(logins.start().userCode());
        };
        var response = send("verificationFormFlipped", mutation.applyTo(valid));
        Statistics.label("status").collect(response.getStatusCode());
    }

    @Provide
    Arbitrary<String> verificationForms() {
        // Sign-in costs a bcrypt check whenever the CSRF token holds: drawn less often.
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("code entry")), Tuple.of(1, Arbitraries.just("sign-in")),
                Tuple.of(2, Arbitraries.just("decision")));
    }

    // ------------------------------------------------------------------------------ size limits

    @Provide
    Arbitrary<SamTemplate.Route> routes() {
        return Arbitraries.of(ROUTES);
    }

    @Provide
    Arbitrary<Integer> bodySizes() {
        int max = Payload2Request.MAX_BODY_BYTES;
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(max - 6, max + 6)),
                Tuple.of(1, Arbitraries.integers().between(0, max)),
                Tuple.of(1, Arbitraries.integers().between(max + 1, 100_000)));
    }

    /** A body of exactly {@code bytes} UTF-8 bytes, made of characters {@code width} bytes wide. */
    private static String bodyOfBytes(int bytes, int width) {
        String unit = switch (width) {
            case 1 -> "a";
            case 2 -> "é";
            case 3 -> "€";
            default -> "\uD83D\uDE00";
        };
        String body = unit.repeat(bytes / width) + "a".repeat(bytes % width);
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return body;
    }

    @Property(tries = 200)
    void bodyOverMaxBodyBytesThen413AndWithinThenNot(@ForAll("routes") SamTemplate.Route route,
                                                     @ForAll("bodySizes") int bytes,
                                                     @ForAll boolean base64,
                                                     @ForAll @IntRange(min = 1, max = 4) int width) {
        Target target = Target.of(route.handlerClass());
        String text = bodyOfBytes(bytes, width);
        String path = route.path().replace("{proxy+}", "style.css").replace("{orgId}", "acme").replace("{clientId}", "demo-cli");
        FuzzRequest request = FuzzRequest.form(target, path, sampleHeaders(target), null, "")
                .withMethod(route.method())
                .withBody(base64 ? FuzzRequest.base64(text) : text, base64);
        var response = send("bodySizes", request);
        Statistics.label("over limit").collect(bytes > Payload2Request.MAX_BODY_BYTES);
        if (bytes > Payload2Request.MAX_BODY_BYTES) {
            assertThat(response.getStatusCode()).as("%d bytes", bytes).isEqualTo(413);
            if (target.oauth) {
                assertThat(Functions.json(response).get("error")).isEqualTo("invalid_request");
            } else {
                assertThat(response.getBody()).contains("too large");
            }
        } else {
            assertThat(response.getStatusCode()).as("%d bytes", bytes).isNotEqualTo(413);
        }
    }

    private static String formWithParameters(String first, int count) {
        List<String> params = new ArrayList<>(List.of(first));
        for (int i = 1; i < count; i++) {
            params.add("x" + i + "=" + i);
        }
        return String.join("&", params);
    }

    @Example
    void deviceAuthorizationWithTooManyParametersThenInvalidRequest() {
        var atLimit = send("sizeLimits", deviceAuthorization().withParams(List.of(
                formWithParameters("client_id=demo-cli", FormParameters.MAX_PARAMETERS))));
        assertThat(atLimit.getStatusCode()).isEqualTo(200);

        var over = send("sizeLimits", deviceAuthorization().withParams(List.of(
                formWithParameters("client_id=demo-cli", FormParameters.MAX_PARAMETERS + 1))));
        assertThat(over.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(over).get("error")).isEqualTo("invalid_request");
    }

    @Example
    void tokenPollWithTooManyParametersThenInvalidRequest() {
        var over = send("sizeLimits", tokenPoll(deviceCodes.get("pending")).withParams(List.of(
                formWithParameters("grant_type=" + enc(RequestArbitraries.DEVICE_GRANT), FormParameters.MAX_PARAMETERS + 1))));
        assertThat(over.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(over).get("error")).isEqualTo("invalid_request");
    }

    @Example
    void formLongerThanMaxLengthThenInvalidRequestOrBadRequestPage() {
        String padding = "&pad=";
        String atLimit = "client_id=demo-cli" + padding;
        atLimit += "a".repeat(FormParameters.MAX_LENGTH - atLimit.length());
        assertThat(send("sizeLimits", deviceAuthorization().withParams(List.of(atLimit))).getStatusCode()).isEqualTo(200);

        String over = atLimit + "a";
        assertThat(over.length()).isLessThan(Payload2Request.MAX_BODY_BYTES);
        var device = send("sizeLimits", deviceAuthorization().withParams(List.of(over)));
        assertThat(device.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(device).get("error")).isEqualTo("invalid_request");
        var token = send("sizeLimits", tokenPoll(deviceCodes.get("pending")).withParams(List.of(over)));
        assertThat(token.getStatusCode()).isEqualTo(400);
        assertThat(Functions.json(token).get("error")).isEqualTo("invalid_request");
        var page = send("sizeLimits", codeEntry().withParams(List.of(over)));
        assertThat(page.getStatusCode()).isEqualTo(400);
    }

    @Example
    void pageFormWithTooManyParametersOrLongQueryThenBadRequestPage() {
        var form = send("sizeLimits", codeEntry().withParams(List.of(
                formWithParameters("csrf=" + enc(anonymousCsrf), FormParameters.MAX_PARAMETERS + 1))));
        assertThat(form.getStatusCode()).isEqualTo(400);

        FuzzRequest get = codeEntry().request().withMethod("GET").withBody(null, false)
                .withQuery("user_code=" + "B".repeat(FormParameters.MAX_LENGTH));
        assertThat(send("sizeLimits", get).getStatusCode()).isEqualTo(400);
    }

    @Example
    void headerOrCookieWithControlCharacterThen400InTheFunctionsShape() {
        for (Target target : Target.values()) {
            FuzzRequest base = new FuzzRequest(target, "GET", "/device", "", sampleHeaders(target), null, null, false);
            for (FuzzRequest bad : List.of(base.withHeader("x-forwarded-for", "203.0.113.9\u0000"),
                    base.withHeader("authorization", "Basic\r\nx"), base.withHeader("a b", "v"),
                    base.withCookies(List.of(BrowserState.CSRF_COOKIE + "=\u0001")))) {
                assertThat(send("regressions", bad).getStatusCode()).as("%s", bad).isEqualTo(400);
            }
            var trimmed = send("regressions", base.withCookies(List.of(" " + BrowserState.CSRF_COOKIE + " = x ")));
            assertThat(trimmed.getStatusCode()).isNotEqualTo(400);
        }
    }

    @Example
    void acceptCharsetOrLanguageOfOnlySeparatorsThenNoServerError() {
        for (Valid valid : List.of(deviceAuthorization(), tokenPoll(deviceCodes.get("pending")), codeEntry())) {
            for (String header : List.of("accept-charset", "accept-language")) {
                for (String value : List.of(";", ",", ";;", ",;x")) {
                    var response = send("regressions", valid.request().withHeader(header, value));
                    assertThat(response.getStatusCode()).as("%s: %s", header, value).isLessThan(500);
                }
            }
        }
    }

    @Example
    void originWithMalformedForwardedHostThenNoServerError() {
        for (Valid valid : List.of(deviceAuthorization(), tokenPoll(deviceCodes.get("pending")), codeEntry())) {
            for (Map.Entry<String, String> header : List.of(Map.entry("x-forwarded-host", ":"),
                    Map.entry("x-forwarded-host", "a:"), Map.entry("x-forwarded-host", "a:b"),
                    Map.entry("forwarded", "host=a:b"), Map.entry("forwarded", "host=:"))) {
                var response = send("regressions", valid.request().withHeader("origin", "https://evil.example")
                        .withHeader(header.getKey(), header.getValue()));
                assertThat(response.getStatusCode()).as("%s", header).isLessThan(500);
            }
        }
    }

    @Example
    void base64BodyJustOverMaxBodyBytesThen413() {
        for (int bytes = Payload2Request.MAX_BODY_BYTES + 1; bytes <= Payload2Request.MAX_BODY_BYTES + 3; bytes++) {
            String body = Base64.getEncoder().encodeToString("a".repeat(bytes).getBytes(StandardCharsets.US_ASCII));
            var response = send("sizeLimits", tokenPoll(deviceCodes.get("pending")).request().withBody(body, true));
            assertThat(response.getStatusCode()).as("%d bytes", bytes).isEqualTo(413);
        }
    }
}
