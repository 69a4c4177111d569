package dev.cliauth.testing;

import dev.cliauth.local.DynamoDbLocal;
import dev.cliauth.local.SamTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One DynamoDB Local per test JVM, on 127.0.0.1; each test class gets its own table, created
 * from template.yaml exactly as local mode does.
 */
public final class TestDynamo {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DynamoDbLocal server;
    private static DynamoDbClient client;
    private static SamTemplate template;

    private TestDynamo() {
    }

    public static synchronized String endpoint() {
        start();
        return server.endpoint();
    }

    public static synchronized DynamoDbClient client() {
        start();
        return client;
    }

    public static synchronized SamTemplate template() {
        start();
        return template;
    }

    /** A new, empty table shaped like the one in template.yaml. */
    public static synchronized String newTable() {
        start();
        String name = "cliauth-test-" + TABLES.incrementAndGet();
        DynamoDbLocal.createTable(client, template, name);
        return name;
    }

    private static void start() {
        if (server == null) {
            template = SamTemplate.load();
            server = DynamoDbLocal.start();
            client = server.client();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
    }
}
