package dev.cliauth.store.conformance;

import dev.cliauth.testing.TestDynamo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** cliauth's own engine, in-process, through the same SDK client type the handlers use. */
final class EngineStore implements Store {

    static final EngineStore INSTANCE = new EngineStore();

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public DynamoDbClient client() {
        return TestDynamo.client();
    }

    @Override
    public String newTable() {
        return TestDynamo.newTable();
    }
}
