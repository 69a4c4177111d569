package dev.cliauth.store.conformance;

import org.junit.jupiter.api.DisplayName;
import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.Map;

import static dev.cliauth.store.conformance.Fixture.item;
import static dev.cliauth.store.conformance.Fixture.key;
import static dev.cliauth.store.conformance.Fixture.n;
import static dev.cliauth.store.conformance.Fixture.pk;
import static dev.cliauth.store.conformance.Fixture.put;
import static dev.cliauth.store.conformance.Fixture.s;
import static dev.cliauth.store.conformance.Fixture.stored;
import static dev.cliauth.store.conformance.Fixture.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests DynamoDB refuses with a ValidationException (API Reference, Common Errors:
 * "ValidationException: The input fails to satisfy the constraints specified by an AWS service."),
 * writing nothing. A store that accepted them would let a bug pass tests and fail in production.
 */
class ValidationConformanceTest {

    private static void refused(ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(UpdateExpressionConformanceTest.validation(e))
                        .as("ValidationException, was: %s", e).isTrue());
    }

    /**
     * API Reference, TransactionCanceledException (when DynamoDB refuses a TransactWriteItems): "More
     * than one action in the TransactWriteItems operation targets the same item."
     */
    @StoreTest
    @DisplayName("two actions on one item in one transaction")
    void twoActionsOnOneItem(Store store) {
        String table = table(store);
        String pk = pk("tx-same-item");
        refused(() -> store.client().transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s(pk)))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(pk)).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", s("x")))).build())));
        assertThat(stored(store, pk)).isEmpty();
    }

    /**
     * API Reference, GetItem, Key: "For the primary key, you must provide all of the attributes. For
     * example, with a simple primary key, you only need to provide a value for the partition key."
     */
    @StoreTest
    @DisplayName("a key with a wrong name, a wrong type, an extra attribute, or none")
    void wrongOrMissingKey(Store store) {
        String table = table(store);
        refused(() -> store.client().getItem(g -> g.tableName(table).key(Map.of("id", s("x")))));
        refused(() -> store.client().getItem(g -> g.tableName(table).key(Map.of("pk", n("1")))));
        refused(() -> store.client().getItem(g -> g.tableName(table).key(Map.of("pk", s("x"), "sk", s("y")))));
        refused(() -> store.client().updateItem(u -> u.tableName(table).key(Map.of()).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("x")))));
    }

    /** API Reference, PutItem, Item: "You must provide all of the attributes for the primary key." */
    @StoreTest
    @DisplayName("PutItem of an item without its key, or with the key of the wrong type")
    void putWithoutKey(Store store) {
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("v", s("no key")))));
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", n("5")))));
    }

    /**
     * Developer Guide, "Service quotas": "The maximum item size in DynamoDB is 400 KB, which includes
     * both attribute name binary length (UTF-8 length) and attribute value lengths."
     */
    @StoreTest
    @DisplayName("an item over 400 KB (PutItem, and UpdateItem growing one past it); one just under is accepted")
    void itemOver400Kilobytes(Store store) {
        String pk = pk("too-big");
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk), "v", s("x".repeat(409_600))))));
        assertThat(stored(store, pk)).isEmpty();

        String fits = pk("fits");
        int pad = 409_500 - "pk".length() - fits.length() - "v".length();
        put(store, item("pk", s(fits), "v", s("x".repeat(pad))));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(fits)).updateExpression("SET w = :w")
                .expressionAttributeValues(Map.of(":w", s("m".repeat(200))))));
        assertThat(stored(store, fits)).doesNotContainKey("w");
    }

    /**
     * Developer Guide, "Service quotas", Expression parameters: "The maximum length of any
     * expression string is 4 KB."
     */
    @StoreTest
    @DisplayName("a condition or update expression over 4 KB")
    void expressionOver4Kilobytes(Store store) {
        String pk = pk("long-expression");
        String longCondition = "attribute_not_exists(pk)" + " AND attribute_not_exists(pk)".repeat(170);
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk)))
                .conditionExpression(longCondition)));
        assertThat(stored(store, pk)).isEmpty();
        String longUpdate = "SET " + String.join(", ", java.util.stream.IntStream.range(0, 600).mapToObj(i -> "a" + i + " = :v")
                .toList());
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression(longUpdate)
                .expressionAttributeValues(Map.of(":v", s("x")))));
        assertThat(stored(store, pk)).isEmpty();
    }

    /**
     * Developer Guide, "Service quotas", Attributes: "DynamoDB supports nested attributes up to 32
     * levels deep."
     */
    @StoreTest
    @DisplayName("a map nested 33 levels deep; 32 are accepted")
    void nestedDeeperThan32Levels(Store store) {
        String deep = pk("nested-33");
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(deep), "v", nested(33)))));
        assertThat(stored(store, deep)).isEmpty();
        String fits = pk("nested-32");
        put(store, item("pk", s(fits), "v", nested(32)));
        assertThat(stored(store, fits)).containsKey("v");
    }

    private static AttributeValue nested(int levels) {
        AttributeValue v = s("leaf");
        for (int i = 0; i < levels; i++) {
            v = AttributeValue.fromM(Map.of("m", v));
        }
        return v;
    }

    /**
     * API Reference, AttributeValue / ExpressionAttributeNames: attribute names are at least one
     * character long (DynamoDB answers "An attribute name cannot be empty" and "ExpressionAttributeNames
     * contains invalid value: Empty attribute name").
     */
    @StoreTest
    @DisplayName("an empty attribute name, in an item and through ExpressionAttributeNames")
    void emptyAttributeName(Store store) {
        String pk = pk("empty-name");
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk), "", s("x")))));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET #e = :v")
                .expressionAttributeNames(Map.of("#e", "")).expressionAttributeValues(Map.of(":v", s("x")))));
        assertThat(stored(store, pk)).isEmpty();
    }

    /** API Reference, TransactWriteItems: "The aggregate size of the items in the transaction cannot exceed 4 MB." */
    @StoreTest
    @DisplayName("a transaction whose items add up to more than 4 MB")
    void transactionOver4Megabytes(Store store) {
        String table = table(store);
        List<String> pks = java.util.stream.IntStream.range(0, 12).mapToObj(i -> pk("tx-big-" + i)).toList();
        List<TransactWriteItem> puts = pks.stream().map(pk -> TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(item("pk", s(pk), "v", s("x".repeat(390_000))))).build()).toList();
        refused(() -> store.client().transactWriteItems(t -> t.transactItems(puts)));
        assertThat(stored(store, pks.get(0))).isEmpty();
    }

    /**
     * API Reference, UpdateItem, Key: "The primary key of the item to be updated." UpdateExpression:
     * key attributes cannot be set or removed (DynamoDB answers "Cannot update attribute pk. This
     * attribute is part of the key").
     */
    @StoreTest
    @DisplayName("UpdateItem that sets or removes a key attribute")
    void updatingKeyAttribute(Store store) {
        String pk = pk("key-update");
        put(store, item("pk", s(pk)));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET pk = :v")
                .expressionAttributeValues(Map.of(":v", s("other")))));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("REMOVE #k")
                .expressionAttributeNames(Map.of("#k", "pk"))));
        assertThat(stored(store, pk)).isEqualTo(item("pk", s(pk)));
    }

    /**
     * API Reference, PutItem, ExpressionAttributeValues: "One or more values that can be substituted in
     * an expression." A value or name the expressions do not use is refused ("Value provided in
     * ExpressionAttributeValues unused in expressions").
     */
    @StoreTest
    @DisplayName("an unused expression attribute value, an unused name, an undefined one")
    void unusedOrUndefinedPlaceholders(Store store) {
        String pk = pk("placeholders");
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk)))
                .conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeValues(Map.of(":unused", s("x")))));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET v = :v")
                .expressionAttributeNames(Map.of("#unused", "x")).expressionAttributeValues(Map.of(":v", s("x")))));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET v = :v")));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET #v = :v")
                .expressionAttributeValues(Map.of(":v", s("x")))));
        assertThat(stored(store, pk)).isEmpty();
    }

    /** Developer Guide, "Condition and filter expressions": the grammar; anything else is a syntax error. */
    @StoreTest
    @DisplayName("syntax errors in condition, update and key condition expressions")
    void syntaxErrors(Store store) {
        String pk = pk("syntax");
        Map<String, AttributeValue> v = Map.of(":v", s("x"));
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk)))
                .conditionExpression("v = = :v").expressionAttributeValues(v)));
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk)))
                .conditionExpression("(v = :v").expressionAttributeValues(v)));
        refused(() -> store.client().putItem(p -> p.tableName(table(store)).item(item("pk", s(pk)))
                .conditionExpression("attribute_exists(pk) AND")));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET v :v")
                .expressionAttributeValues(v)));
        refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("PUT v = :v")
                .expressionAttributeValues(v)));
        refused(() -> store.client().query(q -> q.tableName(table(store)).keyConditionExpression("pk = :v OR pk = :w")
                .expressionAttributeValues(Map.of(":v", s("x"), ":w", s("y")))));
        assertThat(stored(store, pk)).isEmpty();
    }

    /**
     * Developer Guide, "Reserved words in DynamoDB": "If you need to write an expression containing an
     * attribute name that conflicts with a DynamoDB reserved word, you can define an expression attribute
     * name to use in the place of the reserved word." (status, name, ttl are reserved.)
     */
    @StoreTest
    @DisplayName("a reserved word as a bare attribute name (status, name, ttl); the same through #names works")
    void reservedWords(Store store) {
        String pk = pk("reserved");
        for (String word : List.of("status", "name", "ttl", "Status")) {
            refused(() -> store.client().updateItem(u -> u.tableName(table(store)).key(key(pk))
                    .updateExpression("SET " + word + " = :v").expressionAttributeValues(Map.of(":v", s("x")))));
        }
        store.client().updateItem(u -> u.tableName(table(store)).key(key(pk)).updateExpression("SET #s = :v")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":v", s("x"))));
        assertThat(stored(store, pk)).containsEntry("status", s("x"));
    }

    /** Developer Guide, "Supported data types", Number: "Numbers can have up to 38 digits of precision. Exceeding this results in an exception." */
    @StoreTest
    @DisplayName("a number of 39 significant digits")
    void thirtyNineDigits(Store store) {
        String pk = pk("39-digits");
        refused(() -> put(store, item("pk", s(pk), "n", n("123456789012345678901234567890123456789"))));
        assertThat(stored(store, pk)).isEmpty();
    }

    /** API Reference, AttributeValue, SS: "An attribute of type String Set." Developer Guide: "empty sets are not supported". */
    @StoreTest
    @DisplayName("an empty string set, and a set with duplicates")
    void badSets(Store store) {
        refused(() -> put(store, item("pk", s(pk("empty-set")), "tags", AttributeValue.fromSs(List.of()))));
        refused(() -> put(store, item("pk", s(pk("dup-set")), "tags", AttributeValue.fromSs(List.of("a", "a")))));
    }

    /** API Reference, CreateTable, AttributeDefinitions: a key attribute's type applies to every item ("Type mismatch for Index Key"). */
    @StoreTest
    @DisplayName("an index key attribute of the wrong type")
    void indexKeyOfWrongType(Store store) {
        String pk = pk("index-key-type");
        refused(() -> put(store, item("pk", s(pk), "user_code_key", n("7"))));
        assertThat(stored(store, pk)).isEmpty();
    }
}
