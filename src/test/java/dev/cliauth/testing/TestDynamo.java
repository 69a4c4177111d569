package dev.cliauth.testing;

import dev.cliauth.local.LocalDynamo;
import dev.cliauth.local.SamTemplate;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cliauth DynamoDB engine per test JVM ({@link LocalDynamo}), reached in-process; each test
 * class gets its own table, created from template.yaml exactly as local mode does.
 */
public final class TestDynamo {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static LocalDynamo dynamo;
    private static DynamoDbClient client;
    private static SamTemplate template;

    private TestDynamo() {
    }

    /**
     * The engine's HTTP endpoint on 127.0.0.1, for what needs a socket (child JVMs, a handler built
     * without {@link #httpClient()}); served from the first call on.
     */
    public static synchronized String endpoint() {
        start();
        return dynamo.endpoint();
    }

    /** The in-process HTTP client: pass it to a handler as a singleton bean. */
    public static synchronized SdkHttpClient httpClient() {
        start();
        return dynamo.httpClient();
    }

    /** A client for setup and assertions (not the one the handlers use). */
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
        LocalDynamo.createTable(client, template, name);
        return name;
    }

    private static void start() {
        if (dynamo == null) {
            template = SamTemplate.load();
            dynamo = LocalDynamo.start();
            client = dynamo.client();
            Runtime.getRuntime().addShutdownHook(new Thread(dynamo::close));
        }
    }
}
