package dev.cliauth.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cold-start baseline: a plain Java Lambda handler, no Micronaut, that answers the same three
 * first requests with the same DynamoDB calls and the same SDK client configuration as
 * {@code InfrastructureFactory} (url-connection client, 1 s attempt timeout, 3 attempts, 3 s call
 * timeout), and writes a minimal response. What the real handler costs above this is framework,
 * routing, serialisation and our own init.
 */
public final class BaselineHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecureRandom random = new SecureRandom();

    /** Lambda's constructor: settings from the same environment variables the real handlers read. */
    public BaselineHandler() {
        this.table = System.getenv().getOrDefault("CLIAUTH_TABLE", "cliauth");
        Duration attempt = Duration.ofSeconds(1);
        var builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(attempt).socketTimeout(attempt).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build())
                        .apiCallAttemptTimeout(attempt)
                        .apiCallTimeout(Duration.ofSeconds(3))
                        .build());
        String endpoint = System.getenv("CLIAUTH_DYNAMODB_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .region(Region.US_EAST_1);
        }
        this.dynamo = builder.build();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = event.getRequestContext().getHttp().getMethod() + " " + event.getRawPath();
        return switch (route) {
            case "POST /oauth2/device_authorization" -> authorize(form(event));
            case "POST /oauth2/token" -> poll(form(event));
            case "GET /device", "GET /portal/applications" -> page();
            default -> respond(404, "application/json", "{\"message\":\"Not Found\"}");
        };
    }

    /** GetItem client, then TransactWriteItems putting the grant and its user-code reservation. */
    private APIGatewayV2HTTPResponse authorize(Map<String, String> form) {
        String clientId = form.getOrDefault("client_id", "");
        Map<String, AttributeValue> client = dynamo.getItem(g -> g.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("CLIENT#default#" + clientId)))).item();
        if (client == null || client.isEmpty()) {
            return respond(401, "application/json", "{\"error\":\"invalid_client\"}");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String deviceCode = B64.encodeToString(bytes);
        StringBuilder userCode = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            userCode.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        long now = System.currentTimeMillis();
        long expires = now + 600_000;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("GRANT#" + sha256(deviceCode)));
        item.put("org", AttributeValue.fromS("default"));
        item.put("user_code_key", AttributeValue.fromS("default#" + userCode));
        item.put("user_code", AttributeValue.fromS(userCode.toString()));
        item.put("client_id", AttributeValue.fromS(clientId));
        item.put("client_name", client.getOrDefault("name", AttributeValue.fromS(clientId)));
        item.put("scopes", AttributeValue.fromL(List.of(AttributeValue.fromS("openid"), AttributeValue.fromS("email"))));
        item.put("status", AttributeValue.fromS("PENDING"));
        item.put("created_at", AttributeValue.fromN(Long.toString(now)));
        item.put("expires_at", AttributeValue.fromN(Long.toString(expires)));
        item.put("interval_s", AttributeValue.fromN("5"));
        item.put("poll_gap_ms", AttributeValue.fromN("4000"));
        item.put("next_poll_at", AttributeValue.fromN(Long.toString(now)));
        item.put("ttl", AttributeValue.fromN(Long.toString(expires / 1000 + 86_400)));
        dynamo.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
                                "pk", AttributeValue.fromS("USERCODE#default#" + userCode),
                                "org", AttributeValue.fromS("default"),
                                "expires_at", AttributeValue.fromN(Long.toString(expires)),
                                "ttl", AttributeValue.fromN(Long.toString(expires / 1000 + 60))))
                        .conditionExpression("attribute_not_exists(pk) OR #expires <= :now")
                        .expressionAttributeNames(Map.of("#expires", "expires_at"))
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now))))).build()));
        String display = userCode.substring(0, 4) + "-" + userCode.substring(4);
        return respond(200, "application/json", "{\"device_code\":\"" + deviceCode + "\",\"user_code\":\"" + display
                + "\",\"verification_uri\":\"https://example.com/device\",\"expires_in\":600,\"interval\":5}");
    }

    /** GetItem client, then the conditional poll UpdateItem. */
    private APIGatewayV2HTTPResponse poll(Map<String, String> form) {
        String clientId = form.getOrDefault("client_id", "");
        Map<String, AttributeValue> client = dynamo.getItem(g -> g.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("CLIENT#default#" + clientId)))).item();
        if (client == null || client.isEmpty()) {
            return respond(401, "application/json", "{\"error\":\"invalid_client\"}");
        }
        long now = System.currentTimeMillis();
        Map<String, AttributeValue> grant = dynamo.updateItem(u -> u.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("GRANT#" + sha256(form.getOrDefault("device_code", "")))))
                .updateExpression("SET #next = :now + #gap, last_poll_at = :now ADD polls :one")
                .conditionExpression("attribute_exists(pk) AND #client = :client AND #org = :org"
                        + " AND #expires > :now AND #next <= :now")
                .expressionAttributeNames(Map.of("#client", "client_id", "#org", "org", "#expires", "expires_at",
                        "#next", "next_poll_at", "#gap", "poll_gap_ms"))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)),
                        ":one", AttributeValue.fromN("1"), ":client", AttributeValue.fromS(clientId),
                        ":org", AttributeValue.fromS("default")))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        String status = grant.get("status").s();
        return respond(400, "application/json", "{\"error\":\"authorization_pending\",\"status\":\"" + status + "\"}");
    }

    /** GetItem session key, then a form with an HMAC CSRF token. */
    private APIGatewayV2HTTPResponse page() {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("SESSIONKEY#default")))).item();
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        String csrf;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(item.get("key").b().asByteArray(), "HmacSHA256"));
            csrf = B64.encodeToString(mac.doFinal(("csrf:" + B64.encodeToString(nonce) + ":").getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return respond(200, "text/html; charset=utf-8", "<!doctype html><title>Device sign-in</title>"
                + "<form method=post action=/device><input type=hidden name=csrf value=\"" + csrf + "\">"
                + "<label for=c>Code</label><input id=c name=user_code><button>Continue</button></form>");
    }

    private static Map<String, String> form(APIGatewayV2HTTPEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        if (event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String sha256(String s) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static APIGatewayV2HTTPResponse respond(int status, String type, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", type, "Cache-Control", "no-store")).withBody(body).build();
    }
}
