package dev.cliauth.local;

import java.io.UncheckedIOException;

import java.time.Duration;
import java.util.Map;

/**
 * {@code mvn -q test-compile exec:exec}: cliauth on http://localhost:8080 ({@code PORT} overrides)
 * with cliauth's DynamoDB engine in memory (in-process for the handlers, and on 127.0.0.1 at
 * {@code DYNAMODB_PORT}, a free port by default, for the admin tool and {@code sam local}) and the
 * demo fixture (orgs {@code default} and {@code acme}, their clients and users). Other settings
 * come from {@code CLIAUTH_*} environment variables, as in Lambda.
 *
 * <p>A bad setting or a busy port ends it at once with one line on standard error naming the
 * setting or the port, and exit status 1. It stops when the process that started it ends (Maven,
 * for {@code exec:exec}), so killing Maven never leaves it holding the port.
 */
public final class LocalMain {

    static final Duration PARENT_CHECK = Duration.ofMillis(500);

    private LocalMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalServer.useNoDelay();   // before any JDK HTTP server of this JVM is created
        stopWithParent();
        try {
            start();
        } catch (StartFailure e) {
            System.err.println("cliauth: local mode did not start: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            System.err.println("cliauth: local mode did not start: " + e);
            System.exit(1);
        }
        Thread.currentThread().join();
    }

    /**
     * Ctrl+C in a terminal reaches Maven and this JVM alike, but a plain {@code kill} of Maven
     * reaches only Maven and would leave this JVM running with the port: so it checks on its
     * parent twice a second and stops (shutdown hooks included) once the parent is gone.
     */
    private static void stopWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                try {
                    while (parent.isAlive()) {
                        Thread.sleep(PARENT_CHECK.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println("cliauth: process " + parent.pid() + " that started local mode has ended; stopping");
                System.exit(0);
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
        });
    }

    /** {@code PORT}, 8080 when unset. */
    static int port(String value) {
        return port("PORT", value, 8080, 1);
    }

    /** The port setting {@code name} (its {@code value}), {@code unset} when unset; 0 allowed when {@code lowest} is 0. */
    static int port(String name, String value, int unset, int lowest) {
        if (value == null || value.isBlank()) {
            return unset;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= lowest && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StartFailure(name + " must be a port number from " + lowest + " to 65535, got \"" + value + "\"", null);
    }

    private static void start() {
        int port = port(System.getenv("PORT"));
        String table = "cliauth-local";
        SamTemplate template = SamTemplate.load();
        LocalDynamo dynamo = LocalDynamo.start();
        int dynamoPort = port("DYNAMODB_PORT", System.getenv("DYNAMODB_PORT"), 0, 0);
        String dynamoEndpoint;
        try {
            dynamoEndpoint = dynamo.serve(dynamoPort);
        } catch (UncheckedIOException e) {
            throw StartFailure.port("DYNAMODB_PORT", dynamoPort, e.getCause());
        }
        try (var client = dynamo.client()) {
            LocalDynamo.createTable(client, template, table);
            new Seed(client, table).demo();
        }
        String base = "http://localhost:" + port;
        Map<String, Object> properties = Map.of(
                "cliauth.table", table,
                "cliauth.issuer", System.getenv().getOrDefault("CLIAUTH_ISSUER", base),
                "cliauth.dynamodb.endpoint", LocalDynamo.IN_PROCESS_ENDPOINT,
                "cliauth.webhook.allow-local", "true");    // local mode's receivers are on this machine
        LocalServer server = new LocalServer(template, port, properties, dynamo.httpClient());
        LocalWebhooks webhooks = new LocalWebhooks(dynamo, table, properties, dynamo.httpClient());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            webhooks.close();
            dynamo.close();
        }));
        System.out.println("""

                cliauth is running (local mode, cliauth's DynamoDB engine in memory)

                  Verification page:  %1$s/device
                  Metadata:           %1$s/.well-known/oauth-authorization-server
                  Demo client:        %2$s (public)
                  Third-party client: %10$s (public; its users are asked for consent)
                  Confidential:       %11$s / secret %12$s
                  Demo user:          %3$s / %4$s
                  Org admin:          %13$s / %14$s (sees every account's sessions at %1$s/devices)
                  Org portal:         %1$s/portal/applications (the org admin's applications, settings, accounts, audit)
                  Your devices:       %1$s/devices
                  DynamoDB endpoint:  %5$s (table cliauth-local; 127.0.0.1 only)

                  Org %6$s (Acme Corp), issuer %1$s/orgs/%6$s:
                    Verification page:  %1$s/orgs/%6$s/device
                    Metadata:           %1$s/orgs/%6$s/.well-known/openid-configuration
                    Client:             %7$s (public; codes live 30 minutes; refresh tokens always)
                    User:               %8$s / %9$s

                Start a login:
                  curl -s -d client_id=%2$s -d 'scope=openid email' %1$s/oauth2/device_authorization

                Then open verification_uri_complete in a browser, and poll:
                  curl -s -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d client_id=%2$s -d device_code=DEVICE_CODE %1$s/oauth2/token

                Press Ctrl+C to stop.
                """.formatted(base, Seed.DEMO_CLIENT, Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD, dynamoEndpoint,
                Seed.ACME_ORG, Seed.ACME_CLIENT, Seed.ACME_EMAIL, Seed.ACME_PASSWORD,
                Seed.PARTNER_CLIENT, Seed.CONFIDENTIAL_CLIENT, Seed.CONFIDENTIAL_SECRET, Seed.ADMIN_EMAIL, Seed.ADMIN_PASSWORD));
    }
}
