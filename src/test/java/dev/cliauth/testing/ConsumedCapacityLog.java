package dev.cliauth.testing;

import dev.cliauth.local.LocalDynamo;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Asks DynamoDB for {@code ReturnConsumedCapacity=INDEXES} on every write and Query and records what
 * each call consumed, per table and per index (an index is named only when the call wrote or read
 * it). The tests' engine computes units by DynamoDB's documented rules, which the store conformance
 * suite pins.
 */
public final class ConsumedCapacityLog implements ExecutionInterceptor {

    /** What one call consumed: table units and units per index (absent when the index was untouched). */
    public record Call(String operation, double table, Map<String, Double> indexes) {

        public double index(String name) {
            return indexes.getOrDefault(name, 0.0);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** A client on the tests' DynamoDB engine (in-process) that records through this log. */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(LocalDynamo.IN_PROCESS_ENDPOINT))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(TestDynamo.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(this))
                .build();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity indexes = ReturnConsumedCapacity.INDEXES;
        if (r instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(indexes).build();
        } else if (r instanceof UpdateItemRequest u) {
            return u.toBuilder().returnConsumedCapacity(indexes).build();
        } else if (r instanceof TransactWriteItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(indexes).build();
        } else if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(indexes).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        List<ConsumedCapacity> consumed;
        if (response instanceof PutItemResponse p) {
            consumed = nullable(p.consumedCapacity());
        } else if (response instanceof UpdateItemResponse u) {
            consumed = nullable(u.consumedCapacity());
        } else if (response instanceof TransactWriteItemsResponse t) {
            consumed = t.consumedCapacity();
        } else if (response instanceof QueryResponse q) {
            consumed = nullable(q.consumedCapacity());
        } else {
            return;
        }
        double table = 0;
        Map<String, Double> indexes = new HashMap<>();
        for (ConsumedCapacity c : consumed) {
            table += units(c.table());
            c.globalSecondaryIndexes().forEach((name, capacity) -> indexes.merge(name, units(capacity), Double::sum));
        }
        calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), table, Map.copyOf(indexes)));
    }

    public void reset() {
        calls.clear();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private static List<ConsumedCapacity> nullable(ConsumedCapacity c) {
        return c == null ? List.of() : List.of(c);
    }

    private static double units(Capacity c) {
        return c == null || c.capacityUnits() == null ? 0 : c.capacityUnits();
    }
}
