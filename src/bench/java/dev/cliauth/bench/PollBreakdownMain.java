package dev.cliauth.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.lambda.DeviceAuthorizationHandler;
import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.local.LambdaInvocation;
import dev.cliauth.local.LocalDynamo;
import dev.cliauth.local.SamTemplate;
import dev.cliauth.local.Seed;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;

/**
 * Where local mode's pending poll spends its time, without HTTP in front: a child JVM with local
 * mode's flags builds the token handler exactly as local mode does (cliauth's DynamoDB engine
 * in-process, reached through the in-process SDK HTTP client) and alternates, per iteration, a
 * pending poll through {@code handleRequest}, the poll's bare {@code UpdateItem} ({@link Floor})
 * with the handler's own client, the metadata request (no DynamoDB call, a 200) and a token request
 * with an unsupported grant type (no DynamoDB call, an OAuth error through the exception handler
 * as {@code authorization_pending} takes). Subtracted from
 * local mode's figures over HTTP, these split a poll into HTTP server, handler and DynamoDB
 * engine with the SDK's marshalling.
 *
 * <p>Arguments: warm-up iterations, recorded iterations.
 */
public final class PollBreakdownMain {

    private static final LambdaInvocation LAMBDA = new LambdaInvocation("breakdown");

    private PollBreakdownMain() {
    }

    public static void main(String[] args) {
        int warmup = Integer.parseInt(args[0]);
        int recorded = Integer.parseInt(args[1]);
        LocalDynamo dynamo = LocalDynamo.start();
        String table = "cliauth-local";
        try (DynamoDbClient setup = dynamo.client()) {
            LocalDynamo.createTable(setup, SamTemplate.load(), table);
            new Seed(setup, table).demo();
        }
        // Many logins from one address: the per-source limit is lifted.
        Map<String, Object> properties = Map.of("cliauth.table", table, "cliauth.issuer", "http://localhost:8080",
                "cliauth.dynamodb.endpoint", LocalDynamo.IN_PROCESS_ENDPOINT, Functions.MANY_LOGINS, Functions.LIFTED);
        DeviceAuthorizationHandler authorization = new DeviceAuthorizationHandler(properties, dynamo.httpClient());
        TokenHandler token = new TokenHandler(properties, dynamo.httpClient());
        Floor floor = new Floor(token.context().getBean(DynamoDbClient.class), table);

        int total = warmup + recorded;
        List<String> codes = new ArrayList<>(total);
        List<Floor.Grant> grants = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            APIGatewayV2HTTPResponse r = authorization.handleRequest(Events.load("device-authorization").build(), LAMBDA);
            codes.add((String) Functions.json(r).get("device_code"));
            Floor.Grant g = floor.draw();
            floor.authorize(g);
            grants.add(g);
        }
        long[] handler = new long[recorded];
        long[] bare = new long[recorded];
        long[] metadata = new long[recorded];
        long[] refused = new long[recorded];
        for (int i = 0; i < total; i++) {
            APIGatewayV2HTTPEvent poll = Events.load("token-poll").form("grant_type="
                    + enc("urn:ietf:params:oauth:grant-type:device_code") + "&device_code=" + enc(codes.get(i))
                    + "&client_id=demo-cli").build();
            APIGatewayV2HTTPEvent meta = Events.load("metadata").path("/.well-known/openid-configuration").build();
            APIGatewayV2HTTPEvent password = Events.load("token-poll").form("grant_type=password&client_id=demo-cli").build();
            Floor.Grant g = grants.get(i);
            long[] t = new long[4];
            // Rotating order, so none of the four always runs first.
            for (int k = 0; k < 4; k++) {
                int which = (i + k) % 4;
                long start = System.nanoTime();
                switch (which) {
                    case 0 -> {
                        APIGatewayV2HTTPResponse r = token.handleRequest(poll, LAMBDA);
                        if (r.getStatusCode() != 400 || !r.getBody().contains("authorization_pending")) {
                            throw new IllegalStateException("pending poll: " + r.getStatusCode() + " " + r.getBody());
                        }
                    }
                    case 1 -> floor.poll(g);
                    case 2 -> {
                        APIGatewayV2HTTPResponse r = token.handleRequest(password, LAMBDA);
                        if (r.getStatusCode() != 400 || !r.getBody().contains("unsupported_grant_type")) {
                            throw new IllegalStateException("unsupported grant: " + r.getStatusCode() + " " + r.getBody());
                        }
                    }
                    default -> {
                        APIGatewayV2HTTPResponse r = token.handleRequest(meta, LAMBDA);
                        if (r.getStatusCode() != 200) {
                            throw new IllegalStateException("metadata: " + r.getStatusCode());
                        }
                    }
                }
                t[which] = System.nanoTime() - start;
            }
            if (i >= warmup) {
                handler[i - warmup] = t[0];
                bare[i - warmup] = t[1];
                refused[i - warmup] = t[2];
                metadata[i - warmup] = t[3];
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("handler_pending_poll", new Percentiles(handler).summary());
        out.put("bare_update_item", new Percentiles(bare).summary());
        out.put("handler_metadata", new Percentiles(metadata).summary());
        out.put("handler_unsupported_grant", new Percentiles(refused).summary());
        ChildJvm.report(out);
        System.exit(0);
    }
}
