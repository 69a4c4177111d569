package dev.cliauth.local;

import java.util.Map;

/**
 * {@code mvn -q test-compile exec:exec}: cliauth on http://localhost:8080 ({@code PORT} overrides)
 * with DynamoDB Local in memory and the demo client and user. Other settings come from
 * {@code CLIAUTH_*} environment variables, as in Lambda.
 */
public final class LocalMain {

    private LocalMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String table = "cliauth-local";
        SamTemplate template = SamTemplate.load();
        DynamoDbLocal dynamo = DynamoDbLocal.start();
        try (var client = dynamo.client()) {
            DynamoDbLocal.createTable(client, template, table);
            new Seed(client, table).demo();
        }
        String base = "http://localhost:" + port;
        LocalServer server = new LocalServer(template, port, Map.of(
                "cliauth.table", table,
                "cliauth.issuer", System.getenv().getOrDefault("CLIAUTH_ISSUER", base),
                "cliauth.dynamodb.endpoint", dynamo.endpoint()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            dynamo.close();
        }));
        System.out.println("""

                cliauth is running (local mode, DynamoDB Local in memory)

                  Verification page:  %1$s/device
                  Metadata:           %1$s/.well-known/oauth-authorization-server
                  Demo client:        %2$s (public)
                  Demo user:          %3$s / %4$s

                Start a login:
                  curl -s -d client_id=%2$s -d 'scope=openid email' %1$s/oauth2/device_authorization

                Then open verification_uri_complete in a browser, and poll:
                  curl -s -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d client_id=%2$s -d device_code=DEVICE_CODE %1$s/oauth2/token

                Press Ctrl+C to stop.
                """.formatted(base, Seed.DEMO_CLIENT, Seed.DEMO_EMAIL, Seed.DEMO_PASSWORD));
        Thread.currentThread().join();
    }
}
