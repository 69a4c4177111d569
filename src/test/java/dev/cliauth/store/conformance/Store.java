package dev.cliauth.store.conformance;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A DynamoDB the suite runs against: a client, and fresh tables shaped by template.yaml. */
public interface Store {

    /** The target's name in test reports. */
    String name();

    DynamoDbClient client();

    /** A new, empty table as template.yaml defines it (key, sparse INCLUDE index, TTL). */
    String newTable();
}
