package dev.cliauth.testing;

import dev.cliauth.local.LocalDynamo;
import dev.cliauth.local.LocalServer;
import dev.cliauth.local.LocalWebhooks;
import dev.cliauth.local.SamTemplate;
import dev.cliauth.local.Seed;

import java.util.Map;

/**
 * Local mode for browser tests: the real handlers behind a loopback HTTP server on a free port,
 * with an engine of their own seeded with the demo fixture, issuer {@code http://localhost:PORT},
 * and a 1 s polling interval (the server enforces it; a short one keeps polling tests short).
 */
public final class LocalModeServer implements AutoCloseable {

    private final LocalDynamo dynamo;
    private final LocalServer server;
    private final String base;
    private final LocalWebhooks webhooks;

    private LocalModeServer(LocalDynamo dynamo, LocalServer server, String base, LocalWebhooks webhooks) {
        this.dynamo = dynamo;
        this.server = server;
        this.base = base;
        this.webhooks = webhooks;
    }

    public static LocalModeServer start(String table) throws Exception {
        int port = LocalDynamo.freePort();
        String base = "http://localhost:" + port;
        SamTemplate template = SamTemplate.load();
        LocalDynamo dynamo = LocalDynamo.start();
        try (var client = dynamo.client()) {
            LocalDynamo.createTable(client, template, table);
            new Seed(client, table).demo();
        }
        Map<String, Object> properties = Map.of(
                "cliauth.table", table,
                "cliauth.issuer", base,
                "cliauth.dynamodb.endpoint", LocalDynamo.IN_PROCESS_ENDPOINT,
                "cliauth.device.interval", "1s",
                "cliauth.webhook.allow-local", "true");
        LocalServer server = new LocalServer(template, port, properties, dynamo.httpClient());
        return new LocalModeServer(dynamo, server, base, new LocalWebhooks(dynamo, table, properties, dynamo.httpClient()));
    }

    /** A client of the server's own engine, for a test to change what the fixture stored. */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo() {
        return dynamo.client();
    }

    /** {@code http://localhost:PORT}, the issuer. */
    public String base() {
        return base;
    }

    /** Waits until the webhook deliveries of the audit events written so far are done. */
    public void webhooksDelivered() throws Exception {
        webhooks.drain(30_000);
    }

    @Override
    public void close() {
        server.close();
        webhooks.close();
        dynamo.close();
    }
}
