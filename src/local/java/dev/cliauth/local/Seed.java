package dev.cliauth.local;

import dev.cliauth.account.AccountRepository;
import dev.cliauth.account.Passwords;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes clients and accounts for local mode and tests. Never used by a deployment. */
public final class Seed {

    public static final String DEMO_CLIENT = "demo-cli";
    public static final String DEMO_EMAIL = "demo@example.com";
    public static final String DEMO_PASSWORD = "demo-password";
    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_PASSWORD = "admin-password";
    public static final String PARTNER_CLIENT = "partner-cli";
    public static final String CONFIDENTIAL_CLIENT = "demo-confidential";
    /** Local mode only: a deployment's secrets are drawn by the admin tool and shown once. */
    public static final String CONFIDENTIAL_SECRET = "demo-confidential-secret";
    public static final String ACME_ORG = "acme";
    public static final String ACME_CLIENT = "acme-cli";
    public static final String ACME_EMAIL = "alice@acme.example";
    public static final String ACME_PASSWORD = "alice-password";

    private final DynamoDbClient dynamo;
    private final String table;

    public Seed(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * The demo fixture of local mode: in org {@code default} the clients {@code demo-cli}, the
     * third-party {@code partner-cli} and the confidential {@code demo-confidential}, the user
     * {@code demo@example.com} and the org admin {@code admin@example.com}; org {@code acme} ("Acme Corp") with client {@code acme-cli} (codes
     * live 30 minutes, refresh tokens always) and user {@code alice@acme.example}.
     */
    public Seed demo() {
        publicClient(DEMO_CLIENT, "Demo CLI", List.of("openid", "email", "profile", "offline_access"), 0, 0);
        account(DEMO_EMAIL, "demo-user-1", "Demo User", DEMO_PASSWORD, false);
        account(ADMIN_EMAIL, "demo-admin-1", "Demo Admin", ADMIN_PASSWORD, false);
        role(Keys.DEFAULT_ORG, ADMIN_EMAIL, AccountRepository.ROLE_ADMIN);
        publicClient(PARTNER_CLIENT, "Partner CLI", List.of("openid", "email", "profile", "offline_access"), 0, 0);
        thirdParty(Keys.DEFAULT_ORG, PARTNER_CLIENT);
        publicClient(CONFIDENTIAL_CLIENT, "Demo Confidential", List.of("openid", "email", "profile", "offline_access"), 0, 0);
        secret(Keys.DEFAULT_ORG, CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET);
        org(ACME_ORG, "Acme Corp");
        publicClient(ACME_ORG, ACME_CLIENT, "Acme CLI", List.of("openid", "email", "profile", "offline_access"), 1800, 0);
        refreshPolicy(ACME_ORG, ACME_CLIENT, "always");
        account(ACME_ORG, ACME_EMAIL, "acme-user-1", "Alice Example", ACME_PASSWORD, false);
        return this;
    }

    /** An org ({@code ORG#id}). */
    public Seed org(String id, String name) {
        dynamo.putItem(p -> p.tableName(table).item(Map.of(
                Keys.PK, Attrs.s(Keys.org(id)),
                Keys.ORG, Attrs.s(id),
                "name", Attrs.s(name))));
        return this;
    }

    public Seed publicClient(String clientId, String name, List<String> scopes, long codeTtlSeconds, long intervalSeconds) {
        return publicClient(Keys.DEFAULT_ORG, clientId, name, scopes, codeTtlSeconds, intervalSeconds);
    }

    public Seed publicClient(String org, String clientId, String name, List<String> scopes, long codeTtlSeconds,
                             long intervalSeconds) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.client(org, clientId)));
        item.put(Keys.ORG, Attrs.s(org));
        item.put("client_id", Attrs.s(clientId));
        item.put(Keys.ORG_LIST, Attrs.s(Keys.clientList(org)));
        item.put(Keys.ORG_SORT, Attrs.s(clientId));
        item.put("name", Attrs.s(name));
        item.put("scopes", Attrs.list(scopes));
        if (codeTtlSeconds > 0) {
            item.put("code_ttl_s", Attrs.n(codeTtlSeconds));
        }
        if (intervalSeconds > 0) {
            item.put("interval_s", Attrs.n(intervalSeconds));
        }
        dynamo.putItem(p -> p.tableName(table).item(item));
        return this;
    }

    /** Marks a client as another company's app: its confirmation page asks for consent. */
    public Seed thirdParty(String org, String clientId) {
        dynamo.updateItem(u -> u.tableName(table).key(Attrs.key(Keys.client(org, clientId)))
                .updateExpression("SET third_party = :t").expressionAttributeValues(Map.of(":t", Attrs.bool(true))));
        return this;
    }

    /** Makes a client confidential with {@code secret} (stored as its SHA-256, as the admin tool does). */
    public Seed secret(String org, String clientId, String secret) {
        dynamo.updateItem(u -> u.tableName(table).key(Attrs.key(Keys.client(org, clientId)))
                .updateExpression("SET secret_sha256 = :s")
                .expressionAttributeValues(Map.of(":s", Attrs.s(DeviceCode.hash(secret)))));
        return this;
    }

    /** Sets a client's refresh-token policy: {@code always}, {@code offline_access} or {@code never}. */
    public Seed refreshPolicy(String org, String clientId, String policy) {
        dynamo.updateItem(u -> u.tableName(table).key(Attrs.key(Keys.client(org, clientId)))
                .updateExpression("SET refresh_policy = :p").expressionAttributeValues(Map.of(":p", Attrs.s(policy))));
        return this;
    }

    public Seed account(String email, String subject, String name, String password, boolean disabled) {
        return account(Keys.DEFAULT_ORG, email, subject, name, password, disabled);
    }

    public Seed account(String org, String email, String subject, String name, String password, boolean disabled) {
        dynamo.putItem(p -> p.tableName(table).item(Map.of(
                Keys.PK, Attrs.s(Keys.user(org, email)),
                Keys.ORG, Attrs.s(org),
                Keys.ORG_LIST, Attrs.s(Keys.userList(org)),
                Keys.ORG_SORT, Attrs.s(email.toLowerCase()),
                "subject", Attrs.s(subject),
                "email", Attrs.s(email.toLowerCase()),
                "name", Attrs.s(name),
                "password_hash", Attrs.s(Passwords.hash(password, 10)),
                "email_verified", Attrs.bool(true),
                "disabled", Attrs.bool(disabled))));
        return this;
    }

    /** Gives an account a role ({@code admin}), as {@code cliauth-admin user set-role} does. */
    public Seed role(String org, String email, String role) {
        dynamo.updateItem(u -> u.tableName(table).key(Attrs.key(Keys.user(org, email)))
                .updateExpression("SET #role = :r").expressionAttributeNames(Map.of("#role", AccountRepository.ROLE))
                .expressionAttributeValues(Map.of(":r", Attrs.s(role))));
        return this;
    }

    public void disableAccount(String email) {
        dynamo.updateItem(u -> u.tableName(table).key(Attrs.key(Keys.user(Keys.DEFAULT_ORG, email)))
                .updateExpression("SET disabled = :t").expressionAttributeValues(Map.of(":t", Attrs.bool(true))));
    }
}
