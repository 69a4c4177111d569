package dev.cliauth.local.dynamo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An in-memory DynamoDB with the operations cliauth, its tests and its benchmark use, speaking the
 * service's JSON protocol ({@code X-Amz-Target: DynamoDB_20120810.<Operation>}, DynamoDB JSON in and
 * out, errors as {@code {"__type": "com.amazonaws.dynamodb.v20120810#...", "message": ...}}), so the
 * AWS SDK marshals and maps errors exactly as against DynamoDB. Thread-safe; every write and every
 * transaction is atomic (see {@link Table}). The store conformance suite
 * ({@code dev.cliauth.store.conformance}) pins what it must do, against this engine and LocalStack.
 */
public final class DynamoEngine {

    /** The content type of requests and responses. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";

    private final ConcurrentMap<String, Table> tables = new ConcurrentHashMap<>();
    private final ItemOperations items;
    private final ReadOperations reads;
    private final Transactions transactions;
    private final TableOperations tableOperations;

    public DynamoEngine() {
        this(Clock.systemUTC());
    }

    public DynamoEngine(Clock clock) {
        this.items = new ItemOperations(this::table);
        this.reads = new ReadOperations(this::table);
        this.transactions = new Transactions(this::table);
        this.tableOperations = new TableOperations(tables, clock);
    }

    /**
     * Told of every new item, as a table's stream would record an INSERT with its new image (in
     * DynamoDB JSON). Called under the table's write lock: it must hand the item on and return.
     */
    @FunctionalInterface
    public interface InsertListener {
        void inserted(String table, Map<String, Value> item);
    }

    /**
     * Streams every new item to {@code listener} as DynamoDB JSON ({@code {"pk": {"S": ...}, ...}}),
     * the form a stream record's {@code NewImage} takes; local mode feeds its webhook function so.
     */
    public void onInsert(java.util.function.BiConsumer<String, String> listener) {
        tableOperations.inserts((table, item) -> listener.accept(table, Json.write(item)));
    }

    /** One answer: HTTP status and JSON body. */
    public record Reply(int status, byte[] body) {
    }

    /**
     * Runs one request: {@code target} is the {@code X-Amz-Target} header, {@code body} the JSON
     * request. Never throws: every failure is an answer, as from the service.
     */
    public Reply handle(String target, byte[] body) {
        try {
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new DynamoException(400, "UnknownOperationException", "Unknown operation: " + target, Map.of());
            }
            String operation = target.substring(TARGET_PREFIX.length());
            String text = body == null || body.length == 0 ? "{}" : new String(body, StandardCharsets.UTF_8);
            Request request = Request.of(Json.parse(text));
            return reply(200, run(operation, request));
        } catch (DynamoException e) {
            return reply(e.status(), e.body());
        } catch (StackOverflowError e) {
            // JSON or an expression nested deeper than any DynamoDB accepts: its input error, not ours.
            return reply(400, DynamoException.validation("The request is nested too deeply").body());
        } catch (RuntimeException e) {
            System.err.println("local DynamoDB engine: internal error on " + target + ": " + e);
            e.printStackTrace();
            return reply(500, new DynamoException(500, "InternalServerError", "Internal server error: " + e,
                    Map.of()).body());
        }
    }

    private Map<String, Object> run(String operation, Request r) {
        return switch (operation) {
            case "GetItem" -> items.getItem(r);
            case "PutItem" -> items.putItem(r);
            case "UpdateItem" -> items.updateItem(r);
            case "DeleteItem" -> items.deleteItem(r);
            case "Query" -> reads.query(r);
            case "Scan" -> reads.scan(r);
            case "TransactWriteItems" -> transactions.transactWriteItems(r);
            case "CreateTable" -> tableOperations.createTable(r);
            case "DescribeTable" -> tableOperations.describeTable(r, table(r.required("TableName")));
            case "UpdateTimeToLive" -> tableOperations.updateTimeToLive(r, table(r.required("TableName")));
            case "DescribeTimeToLive" -> tableOperations.describeTimeToLive(r, table(r.required("TableName")));
            default -> throw new DynamoException(400, "UnknownOperationException", operation
                    + " is not implemented by cliauth's local DynamoDB engine, which implements the operations cliauth uses",
                    Map.of());
        };
    }

    private Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw DynamoException.notFound("Requested resource not found: Table: " + name + " not found");
        }
        return t;
    }

    private static Reply reply(int status, Map<String, Object> body) {
        return new Reply(status, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
