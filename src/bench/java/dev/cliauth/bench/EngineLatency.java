package dev.cliauth.bench;

import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.local.LocalDynamo;
import dev.cliauth.local.SamTemplate;
import dev.cliauth.local.Seed;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency of cliauth's DynamoDB engine under the handlers' own client (the DynamoDbClient bean of a
 * real token handler: its retries, timeouts and interceptors), in-process and over HTTP on
 * 127.0.0.1: GetItem of the demo client, the poll's UpdateItem, the user-code Query, and the
 * device authorization's TransactWriteItems. {@code mvn -q test-compile exec:exec
 * -Dexec.mainClass=dev.cliauth.bench.EngineLatency} prints p50 and p99 per operation and transport.
 */
public final class EngineLatency {

    private static final int WARMUP = 3_000;
    private static final int SAMPLES = 5_000;

    private EngineLatency() {
    }

    public static void main(String[] args) {
        LocalDynamo dynamo = LocalDynamo.start();
        String table = "engine-latency";
        try (DynamoDbClient setup = dynamo.client()) {
            LocalDynamo.createTable(setup, SamTemplate.load(), table);
            new Seed(setup, table).demo();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("in_process", measure(new TokenHandler(Map.of("cliauth.table", table,
                "cliauth.dynamodb.endpoint", LocalDynamo.IN_PROCESS_ENDPOINT), dynamo.httpClient()), table));
        out.put("http_loopback", measure(new TokenHandler(Map.of("cliauth.table", table,
                "cliauth.dynamodb.endpoint", dynamo.endpoint())), table));
        System.out.println(Json.write(out));
        dynamo.close();
        System.exit(0);
    }

    private static Map<String, Object> measure(TokenHandler handler, String table) {
        DynamoDbClient client = handler.context().getBean(DynamoDbClient.class);
        Floor floor = new Floor(client, table);
        List<Floor.Grant> grants = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("GetItem", time(i -> client.getItem(g -> g.tableName(table)
                .key(Attrs.key(Keys.client(Keys.DEFAULT_ORG, Seed.DEMO_CLIENT))))));
        out.put("TransactWriteItems (device authorization: 2 conditional puts)", time(i -> {
            Floor.Grant g = floor.draw();
            grants.add(g);
            floor.authorize(g);
        }));
        out.put("UpdateItem (poll: conditional, ALL_NEW)", time(i -> floor.poll(grants.get(i))));
        out.put("Query (user-code index)", time(i -> client.query(q -> q.tableName(table).indexName(Keys.USER_CODE_INDEX)
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", Keys.USER_CODE_KEY))
                .expressionAttributeValues(Map.of(":k", Attrs.s(Keys.userCodeIndex(Keys.DEFAULT_ORG, grants.get(i).userCode()))))
                .limit(5))));
        handler.context().close();
        return out;
    }

    private static Map<String, Object> time(java.util.function.IntConsumer call) {
        long[] samples = new long[SAMPLES];
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long start = System.nanoTime();
            call.accept(i);
            if (i >= WARMUP) {
                samples[i - WARMUP] = System.nanoTime() - start;
            }
        }
        return new Percentiles(samples).summary();
    }
}
