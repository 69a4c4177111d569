package dev.cliauth.local;

import dev.cliauth.local.dynamo.DynamoEngine;
import dev.cliauth.local.dynamo.EngineServer;
import dev.cliauth.local.dynamo.InProcessHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * cliauth's DynamoDB engine ({@link DynamoEngine}) for local mode, tests and the benchmark: called
 * in-process through {@link #httpClient()} (the handlers get it as a bean), and on demand over HTTP
 * on 127.0.0.1 ({@link #serve}) for what needs a socket. Amazon's DynamoDB Local is not used: its
 * licence is not open source.
 *
 * <p>{@code main} runs the engine alone, for the admin tool and {@code sam local}:
 * {@code DYNAMODB_PORT=8000 mvn -q test-compile exec:exec -Dexec.mainClass=dev.cliauth.local.LocalDynamo}
 * serves 127.0.0.1:8000 with the table {@code cliauth-local} created from template.yaml and seeded
 * with local mode's demo client and user (arguments: port, then table names).
 */
public final class LocalDynamo implements AutoCloseable {

    /**
     * The endpoint setting of handlers that reach the engine in-process: the SDK needs one to build a
     * request, the in-process client ignores it, and a handler given no in-process client fails at
     * once on this unresolvable host instead of silently going elsewhere.
     */
    public static final String IN_PROCESS_ENDPOINT = "http://dynamodb.in-process.invalid";

    private final DynamoEngine engine = new DynamoEngine();
    private final SdkHttpClient httpClient = new InProcessHttpClient(engine);
    private EngineServer server;

    private LocalDynamo() {
    }

    /** A new, empty engine. */
    public static LocalDynamo start() {
        return new LocalDynamo();
    }

    public DynamoEngine engine() {
        return engine;
    }

    /** The in-process HTTP client: give it to the handlers as a singleton bean. */
    public SdkHttpClient httpClient() {
        return httpClient;
    }

    /** A plain SDK client on the engine, in-process (for setup and assertions). */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(IN_PROCESS_ENDPOINT))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(httpClient)
                .build();
    }

    /** Serves the engine over HTTP on 127.0.0.1:{@code port} (0: a free port), once; returns its endpoint. */
    public synchronized String serve(int port) {
        if (server == null) {
            try {
                server = EngineServer.start(engine, port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve the local DynamoDB engine on 127.0.0.1:" + port, e);
            }
        }
        return server.endpoint();
    }

    /** The HTTP endpoint, serving on a free port first if not yet serving. */
    public String endpoint() {
        return serve(0);
    }

    /** Creates {@code tableName} exactly as template.yaml defines the table, with its TTL. */
    public static void createTable(DynamoDbClient client, SamTemplate template, String tableName) {
        client.createTable(template.table(tableName));
        client.updateTimeToLive(t -> t.tableName(tableName).timeToLiveSpecification(
                TimeToLiveSpecification.builder().attributeName(template.ttlAttribute()).enabled(true).build()));
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int port = !rest.isEmpty() ? Integer.parseInt(rest.remove(0))
                : Integer.parseInt(System.getenv().getOrDefault("DYNAMODB_PORT", "8000"));
        List<String> tables = rest.isEmpty() ? List.of("cliauth-local") : rest;
        LocalDynamo dynamo = start();
        String endpoint = dynamo.serve(port);
        SamTemplate template = SamTemplate.load();
        try (DynamoDbClient client = dynamo.client()) {
            tables.forEach(t -> {
                createTable(client, template, t);
                new Seed(client, t).demo();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(dynamo::close));
        System.out.println("cliauth's DynamoDB engine (in memory) on " + endpoint + ", tables " + tables
                + " as template.yaml defines them, with the demo client " + Seed.DEMO_CLIENT + " and user "
                + Seed.DEMO_EMAIL + ". Ctrl+C stops it; the data goes with it.");
        Thread.currentThread().join();
    }
}
