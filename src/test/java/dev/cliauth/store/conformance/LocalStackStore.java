package dev.cliauth.store.conformance;

import dev.cliauth.local.SamTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * LocalStack in a container (Testcontainers), one per test JVM, started on first use: the
 * reference the engine is held to. Its clients use the credentials and region cliauth's handlers use
 * with an endpoint override, so the handlers see the same tables.
 */
public final class LocalStackStore implements Store {

    /** A LocalStack release whose DynamoDB supports every operation the suite uses. */
    public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:3.8.1");
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static LocalStackStore instance;
    private static Boolean docker;

    private final LocalStackContainer container;
    private final DynamoDbClient client;
    private final SamTemplate template = SamTemplate.load();

    private LocalStackStore(LocalStackContainer container) {
        this.container = container;
        this.client = DynamoDbClient.builder()
                .endpointOverride(container.getEndpoint())
                .region(Region.of(container.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Whether a Docker engine answers (asked once per JVM). */
    public static synchronized boolean dockerAvailable() {
        if (docker == null) {
            boolean available;
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                available = false;
            }
            docker = available;
        }
        return docker;
    }

    /** The shared LocalStack, started on first use. */
    public static synchronized LocalStackStore get() {
        if (instance == null) {
            LocalStackContainer container = new LocalStackContainer(IMAGE).withServices(LocalStackContainer.Service.DYNAMODB);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            instance = new LocalStackStore(container);
        }
        return instance;
    }

    /** The endpoint the handlers are given ({@code cliauth.dynamodb.endpoint}). */
    public String endpoint() {
        return container.getEndpoint().toString();
    }

    public String region() {
        return container.getRegion();
    }

    @Override
    public String name() {
        return "LocalStack";
    }

    @Override
    public DynamoDbClient client() {
        return client;
    }

    @Override
    public String newTable() {
        String name = "cliauth-conformance-" + TABLES.incrementAndGet();
        client.createTable(template.table(name));
        client.waiter().waitUntilTableExists(d -> d.tableName(name));
        client.updateTimeToLive(t -> t.tableName(name).timeToLiveSpecification(
                TimeToLiveSpecification.builder().attributeName(template.ttlAttribute()).enabled(true).build()));
        return name;
    }
}
