package dev.cliauth.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.lambda.CliauthFunction;
import dev.cliauth.lambda.DeviceAuthorizationHandler;
import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.lambda.VerificationHandler;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.token.TokenMinter;
import dev.cliauth.local.LambdaInvocation;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.cliauth.testing.Logins.enc;

/**
 * Child JVM (Lambda's flags) of {@link WarmLatency}: the three real handlers, built as tests build
 * them, against the parent's DynamoDB engine on 127.0.0.1. For every endpoint it alternates one real request
 * (a payload-2.0 event through {@code handleRequest}) with that endpoint's {@link Floor} made with
 * the same handler's DynamoDB client, and reports p50/p99 of both.
 *
 * <p>Arguments: DynamoDB endpoint, table, warm-up requests, recorded requests.
 */
public final class WarmLatencyMain {

    private static final LambdaInvocation LAMBDA = new LambdaInvocation();

    private final SdkTimer sdk = new SdkTimer();
    private final DeviceAuthorizationHandler authorization;
    private final TokenHandler token;
    private final VerificationHandler verification;
    private final String table;
    private final int warmup;
    private final int total;
    private final List<String> deviceCodes = new ArrayList<>();
    private final List<String> userCodes = new ArrayList<>();
    private final List<Floor.Grant> floorGrants = new ArrayList<>();
    private final List<String> refreshTokens = new ArrayList<>();
    private final List<Floor.Refresh> floorRefresh = new ArrayList<>();
    private long[] handlerPolledAt;
    private long[] floorPolledAt;
    private List<String> cookies;
    private String csrf;
    private String sessionId;

    private WarmLatencyMain(String endpoint, String table, int warmup, int iterations) {
        // Hundreds of logins from one address: the per-source limit is lifted (its counter is still taken).
        Map<String, Object> properties = Map.of("cliauth.table", table, "cliauth.dynamodb.endpoint", endpoint,
                Functions.MANY_LOGINS, Functions.LIFTED);
        this.authorization = new DeviceAuthorizationHandler(properties, sdk);
        this.token = new TokenHandler(properties, sdk);
        this.verification = new VerificationHandler(properties, sdk);
        this.table = table;
        this.warmup = warmup;
        this.total = warmup + iterations;
    }

    public static void main(String[] args) {
        WarmLatencyMain run = new WarmLatencyMain(args[0], args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        Map<String, Object> result = run.measure();
        ChildJvm.report(result);
        System.exit(0);
    }

    private Map<String, Object> measure() {
        signIn();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device_authorization", deviceAuthorization());
        out.put("pending_poll", pendingPoll());
        out.put("code_lookup", codeLookup());
        out.put("approval", approval());
        out.put("redemption", redemption());
        out.put("workos_redemption", workOsRedemption());
        out.put("refresh", refresh());
        out.put("jwks", noFloor("GET /oauth2/jwks", () -> Events.load("jwks").build(), token, r -> r.getBody().contains("\"keys\"")));
        out.put("metadata", noFloor("GET /.well-known/oauth-authorization-server", () -> Events.load("metadata").build(),
                token, r -> r.getBody().contains("\"token_endpoint\"")));
        out.put("mint", mint());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jvm_flags", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX")).toList());
        result.put("endpoints", out);
        return result;
    }

    /** One browser signed in as the demo user; its cookies and CSRF token serve every page request. */
    private void signIn() {
        APIGatewayV2HTTPResponse started = invokeChecked(authorization, Events.load("device-authorization").build(),
                r -> r.getStatusCode() == 200, "device authorization");
        String userCode = (String) Functions.json(started).get("user_code");
        EventBrowser browser = new EventBrowser(verification);
        APIGatewayV2HTTPResponse page = browser.signInWithCode(userCode, "demo@example.com", "demo-password");
        if (page.getStatusCode() != 200 || !page.getBody().contains("Approve")) {
            throw new IllegalStateException("sign-in failed: " + page.getStatusCode());
        }
        csrf = browser.csrf();
        sessionId = verification.context().getBean(dev.cliauth.verification.BrowserState.class)
                .decode("default", browser.cookies().get(dev.cliauth.verification.BrowserState.SESSION_COOKIE)).orElseThrow().id();
        cookies = new ArrayList<>();
        browser.cookies().forEach((k, v) -> cookies.add(k + "=" + v));
    }

    private Map<String, Object> deviceAuthorization() {
        Floor floor = floor(authorization);
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            APIGatewayV2HTTPEvent event = Events.load("device-authorization").build();
            Floor.Grant grant = floor.draw();
            floorGrants.add(grant);
            APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
            pairs.run(i, () -> response[0] = authorization.handleRequest(event, LAMBDA), () -> floor.authorize(grant));
            check(response[0], r -> r.getStatusCode() == 200, "device authorization");
            Map<String, Object> body = Functions.json(response[0]);
            deviceCodes.add((String) body.get("device_code"));
            userCodes.add((String) body.get("user_code"));
        }
        return pairs.summary("POST /oauth2/device_authorization", List.of("TransactWriteItems"));
    }

    private Map<String, Object> pendingPoll() {
        Floor floor = floor(token);
        handlerPolledAt = new long[total];
        floorPolledAt = new long[total];
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            int n = i;
            APIGatewayV2HTTPEvent event = pollEvent(deviceCodes.get(i));
            APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
            pairs.run(i, () -> {
                handlerPolledAt[n] = System.currentTimeMillis();
                response[0] = token.handleRequest(event, LAMBDA);
            }, () -> {
                floorPolledAt[n] = System.currentTimeMillis();
                floor.poll(floorGrants.get(n));
            });
            check(response[0], r -> r.getStatusCode() == 400 && r.getBody().contains("authorization_pending"), "pending poll");
        }
        return pairs.summary("POST /oauth2/token (authorization_pending)", List.of("UpdateItem"));
    }

    private Map<String, Object> codeLookup() {
        Floor floor = floor(verification);
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            int n = i;
            APIGatewayV2HTTPEvent event = pageEvent("/device", "csrf=" + enc(csrf) + "&user_code=" + userCodes.get(i));
            APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
            pairs.run(i, () -> response[0] = postThenView(event), () -> floor.lookup(floorGrants.get(n)));
            check(response[0], r -> r.getStatusCode() == 200 && r.getBody().contains("Approve"), "code lookup");
        }
        return pairs.summary("POST /device (signed in) + GET of the confirmation page it redirects to",
                List.of("GetItem", "TransactWriteItems", "Query", "TransactWriteItems"));
    }

    private Map<String, Object> approval() {
        Floor floor = floor(verification);
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            int n = i;
            String hash = dev.cliauth.code.DeviceCode.hash(deviceCodes.get(i));
            String sig = verification.context().getBean(dev.cliauth.verification.BrowserState.class)
                    .grantSignature(hash, "default", "Demo CLI", sessionId);
            APIGatewayV2HTTPEvent event = pageEvent("/device/decision", "csrf=" + enc(csrf) + "&grant=" + enc(hash)
                    + "&app=" + enc("Demo CLI") + "&sig=" + enc(sig) + "&decision=approve");
            APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
            pairs.run(i, () -> response[0] = postThenView(event), () -> floor.approve(floorGrants.get(n)));
            check(response[0], r -> r.getStatusCode() == 200 && r.getBody().contains("signed in"), "approval");
        }
        return pairs.summary("POST /device/decision (approve) + GET of the page it redirects to", List.of("GetItem", "TransactWriteItems"));
    }

    private Map<String, Object> redemption() {
        Floor floor = floor(token);
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            int n = i;
            // A poll sooner than the interval is slow_down: wait (untimed) until both grants may be polled.
            waitUntil(Math.max(handlerPolledAt[i], floorPolledAt[i]) + 4_050);
            APIGatewayV2HTTPEvent event = pollEvent(deviceCodes.get(i));
            APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
            pairs.run(i, () -> response[0] = token.handleRequest(event, LAMBDA), () -> floor.redeem(floorGrants.get(n)));
            check(response[0], r -> r.getStatusCode() == 200 && r.getBody().contains("access_token"), "redemption");
        }
        return pairs.summary("POST /oauth2/token (approved: tokens)", List.of("UpdateItem", "TransactWriteItems"));
    }

    /**
     * WorkOS AuthKit's {@code /user_management/authenticate} redeeming an approved code: AuthKit
     * sessions are refreshable, so its transaction also stores a refresh token; the floor's does too.
     * Logins started and approved untimed first, on both sides.
     */
    private Map<String, Object> workOsRedemption() {
        Floor floor = floor(token);
        List<String> codes = new ArrayList<>();
        List<Floor.Grant> grants = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            APIGatewayV2HTTPResponse started = invokeChecked(authorization, Events.load("device-authorization")
                    .path("/user_management/authorize/device").build(), r -> r.getStatusCode() == 200, "WorkOS authorize");
            String code = (String) Functions.json(started).get("device_code");
            String hash = dev.cliauth.code.DeviceCode.hash(code);
            String sig = verification.context().getBean(dev.cliauth.verification.BrowserState.class)
                    .grantSignature(hash, "default", "Demo CLI", sessionId);
            invokeChecked(verification, pageEvent("/device/decision", "csrf=" + enc(csrf) + "&grant=" + enc(hash)
                    + "&app=" + enc("Demo CLI") + "&sig=" + enc(sig) + "&decision=approve"),
                    r -> r.getStatusCode() == 303, "WorkOS approval");     // the post's redirect to its page
            codes.add(code);
            Floor.Grant grant = floor.draw();
            floor.authorize(grant);
            floor.approve(grant);
            grants.add(grant);
        }
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            int n = i;
            APIGatewayV2HTTPEvent event = Events.load("token-poll").path("/user_management/authenticate")
                    .form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code") + "&device_code="
                            + enc(codes.get(i)) + "&client_id=demo-cli").build();
            APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
            pairs.run(i, () -> response[0] = token.handleRequest(event, LAMBDA),
                    () -> floorRefresh.add(floor.redeemWithRefresh(grants.get(n))));
            check(response[0], r -> r.getStatusCode() == 200 && r.getBody().contains("\"refresh_token\""), "WorkOS redemption");
            refreshTokens.add((String) Functions.json(response[0]).get("refresh_token"));
        }
        return pairs.summary("POST /user_management/authenticate (approved: tokens and a refresh token)",
                List.of("UpdateItem", "TransactWriteItems"));
    }

    /** The refresh token grant with rotation, on the refresh tokens the WorkOS redemptions gave. */
    private Map<String, Object> refresh() {
        Floor floor = floor(token);
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            int n = i;
            APIGatewayV2HTTPEvent event = Events.load("token-poll").form("grant_type=refresh_token&refresh_token="
                    + enc(refreshTokens.get(i)) + "&client_id=demo-cli").build();
            APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
            pairs.run(i, () -> response[0] = token.handleRequest(event, LAMBDA), () -> floor.refresh(floorRefresh.get(n)));
            check(response[0], r -> r.getStatusCode() == 200 && r.getBody().contains("\"refresh_token\""), "refresh");
        }
        return pairs.summary("POST /oauth2/token (refresh_token: rotated)", List.of("GetItem", "TransactWriteItems"));
    }

    private Map<String, Object> noFloor(String request, java.util.function.Supplier<APIGatewayV2HTTPEvent> events,
                                        CliauthFunction handler, Predicate<APIGatewayV2HTTPResponse> ok) {
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            APIGatewayV2HTTPEvent event = events.get();
            APIGatewayV2HTTPResponse[] response = new APIGatewayV2HTTPResponse[1];
            pairs.run(i, () -> response[0] = handler.handleRequest(event, LAMBDA), null);
            check(response[0], ok, request);
        }
        return pairs.summary(request, List.of());
    }

    /** TokenMinter.mint (two ES256 signatures: access and ID token) inside this JVM, for the signing share. */
    private Map<String, Object> mint() {
        TokenMinter minter = token.context().getBean(TokenMinter.class);
        long now = System.currentTimeMillis();
        DeviceGrant grant = new DeviceGrant("bench", "default", "BCDFGHJK", "demo-cli", "Demo CLI",
                List.of("openid", "email"), GrantStatus.APPROVED, now, now + 600_000, 5, 4000, now, 1, 160,
                "198.51.100.23", "demo-cli/1.0", "demo-user-1", "demo@example.com", "Demo User", now);
        Pairs pairs = new Pairs();
        for (int i = 0; i < total; i++) {
            pairs.run(i, () -> minter.mint(grant, Functions.ISSUER, System.currentTimeMillis()), null);
        }
        return pairs.summary("TokenMinter.mint (access + ID token)", List.of());
    }

    private APIGatewayV2HTTPEvent pollEvent(String deviceCode) {
        return Events.load("token-poll").form("grant_type=" + enc("urn:ietf:params:oauth:grant-type:device_code")
                + "&device_code=" + enc(deviceCode) + "&client_id=demo-cli").build();
    }

    /**
     * A form post and the GET of the page it kept (POST → 303 → GET, as a browser follows it): both
     * are the page's cost, timed together. The GET makes no DynamoDB call.
     */
    private APIGatewayV2HTTPResponse postThenView(APIGatewayV2HTTPEvent post) {
        APIGatewayV2HTTPResponse posted = check(verification.handleRequest(post, LAMBDA), r -> r.getStatusCode() == 303
                && r.getHeaders().get("Location") != null && r.getHeaders().get("Location").startsWith("/device/view?"), "post");
        return EventBrowser.followed(verification, posted, cookies);
    }

    private APIGatewayV2HTTPEvent pageEvent(String path, String form) {
        return Events.load("device-signin").path(path).form(form).cookies(cookies)
                .userAgent("Mozilla/5.0 (X11; Linux x86_64) Bench").build();
    }

    private Floor floor(CliauthFunction handler) {
        return new Floor(handler.context().getBean(DynamoDbClient.class), table);
    }

    private static APIGatewayV2HTTPResponse invokeChecked(CliauthFunction f, APIGatewayV2HTTPEvent e,
                                                          Predicate<APIGatewayV2HTTPResponse> ok, String what) {
        return check(f.handleRequest(e, LAMBDA), ok, what);
    }

    private static APIGatewayV2HTTPResponse check(APIGatewayV2HTTPResponse r, Predicate<APIGatewayV2HTTPResponse> ok,
                                                  String what) {
        if (r == null || !ok.test(r)) {
            throw new IllegalStateException(what + ": unexpected response "
                    + (r == null ? "null" : r.getStatusCode() + " " + r.getBody()));
        }
        return r;
    }

    private static void waitUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Handler and floor timings of one endpoint; the order of the two alternates per iteration. */
    private final class Pairs {
        private final long[] handler = new long[total - warmup];
        private final long[] handlerInDynamo = new long[total - warmup];
        private final long[] floor = new long[total - warmup];
        private long gcBefore = -1;
        private long gcCountBefore;

        void run(int i, Runnable handlerCall, Runnable floorCall) {
            if (i == warmup) {
                gcBefore = gcMillis();
                gcCountBefore = gcCount();
            }
            long h;
            long f = 0;
            long d;
            if (floorCall == null || i % 2 == 0) {
                long sdkBefore = sdk.nanos();
                h = time(handlerCall);
                d = sdk.nanos() - sdkBefore;
                if (floorCall != null) {
                    f = time(floorCall);
                }
            } else {
                f = time(floorCall);
                long sdkBefore = sdk.nanos();
                h = time(handlerCall);
                d = sdk.nanos() - sdkBefore;
            }
            if (i >= warmup) {
                handler[i - warmup] = h;
                handlerInDynamo[i - warmup] = d;
                floor[i - warmup] = f;
            }
        }

        Map<String, Object> summary(String request, List<String> floorOperations) {
            Percentiles h = new Percentiles(handler);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("request", request);
            m.putAll(h.summary());
            m.put("floor_operations", floorOperations);
            if (!floorOperations.isEmpty()) {
                Percentiles f = new Percentiles(floor);
                m.put("floor_p50_ms", Percentiles.round(f.p50()));
                m.put("floor_p99_ms", Percentiles.round(f.p99()));
                m.put("floor_mean_ms", Percentiles.round(f.meanMs()));
                m.put("ratio_p50", Percentiles.round(h.p50() / f.p50()));
                m.put("ratio_p99", Percentiles.round(h.p99() / f.p99()));
                m.put("overhead_p50_ms", Percentiles.round(h.p50() - f.p50()));
                Percentiles inDynamo = new Percentiles(handlerInDynamo);
                long[] outside = new long[handler.length];
                for (int k = 0; k < handler.length; k++) {
                    outside[k] = handler[k] - handlerInDynamo[k];
                }
                m.put("handler_in_dynamodb_calls_p50_ms", Percentiles.round(inDynamo.p50()));
                m.put("handler_outside_dynamodb_calls_p50_ms", Percentiles.round(new Percentiles(outside).p50()));
            }
            m.put("gc_ms", gcBefore < 0 ? 0 : gcMillis() - gcBefore);
            m.put("gc_collections", gcBefore < 0 ? 0 : gcCount() - gcCountBefore);
            return m;
        }
    }

    private static long time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return System.nanoTime() - start;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
