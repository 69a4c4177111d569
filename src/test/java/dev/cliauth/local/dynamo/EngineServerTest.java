package dev.cliauth.local.dynamo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine over HTTP, as the admin tool, {@code sam local} and the benchmark's child JVMs reach
 * it: on 127.0.0.1 only, with the SDK's url-connection client mapping every answer as from DynamoDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineServerTest {

    private EngineServer server;
    private DynamoDbClient client;

    @BeforeAll
    void start() throws IOException {
        server = EngineServer.start(new DynamoEngine(), 0);
        client = DynamoDbClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        client.createTable(t -> t.tableName("http").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
        assertThat(server.address().getAddress().isLoopbackAddress()).as("bound to " + server.address()).isTrue();
        assertThat(server.address().getAddress().isAnyLocalAddress()).isFalse();
        new Socket(InetAddress.getLoopbackAddress(), server.port()).close();
    }

    @Test
    void conditionFailureOverHttpCarriesTheItem() {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1"));
        client.putItem(p -> p.tableName("http").item(item));
        assertThatThrownBy(() -> client.putItem(p -> p.tableName("http").item(item).conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> assertThat(e.item()).isEqualTo(item));
    }

    @Test
    void cancelledTransactionOverHttpCarriesItsReasons() {
        assertThatThrownBy(() -> client.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("http").item(Map.of("pk", AttributeValue.fromS("t1")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("http").key(Map.of("pk", AttributeValue.fromS("none")))
                        .conditionExpression("attribute_exists(pk)")).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(r -> r.code()).containsExactly("None", "ConditionalCheckFailed"));
        assertThat(client.getItem(g -> g.tableName("http").key(Map.of("pk", AttributeValue.fromS("t1")))).hasItem()).isFalse();
    }

    @Test
    void unknownTableAndUnimplementedOperationAreClearErrors() {
        assertThatThrownBy(() -> client.getItem(g -> g.tableName("nope").key(Map.of("pk", AttributeValue.fromS("a")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.listTables()).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
            assertThat(e.getMessage()).contains("not implemented by cliauth's local DynamoDB engine");
        });
    }

    /** JSON or an expression nested past what the engine can parse is the caller's error (400), never a 500 naming Java. */
    @Test
    void requestNestedTooDeeplyIsAValidationError() {
        DynamoEngine engine = new DynamoEngine();
        DynamoEngine.Reply json = engine.handle("DynamoDB_20120810.GetItem", "[".repeat(200_000).getBytes(StandardCharsets.UTF_8));
        assertThat(json.status()).isEqualTo(400);
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).contains("ValidationException").doesNotContain("java.");
        String parens = "(".repeat(100_000) + "attribute_exists(pk)" + ")".repeat(100_000);
        assertThatThrownBy(() -> client.putItem(p -> p.tableName("http").item(Map.of("pk", AttributeValue.fromS("deep")))
                .conditionExpression(parens))).isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).doesNotContain("java.");
                });
    }
}
