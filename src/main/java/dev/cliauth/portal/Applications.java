package dev.cliauth.portal;

import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An org's applications ({@code CLIENT#<org>#<id>}) as the portal lists, creates and changes them.
 * The list is the {@code org_items} index; every change is one conditional write on the item.
 */
@Singleton
@Requires(env = Functions.PORTAL)
public class Applications {

    /** How many applications an org may have: the list is one Query page, and creating is limited. */
    public static final int MOST = 200;

    private final DynamoDbClient dynamo;
    private final String table;

    public Applications(DynamoDbClient dynamo, ServiceSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.table();
    }

    /** One row of the list. */
    public record Listed(String clientId, String name, boolean thirdParty, boolean disabled) {
    }

    /** The org's applications by client id, at most {@link #MOST} + 1 (one more says the limit is reached). */
    public List<Listed> list(String org) {
        List<Listed> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : OrgLists.query(dynamo, table, Keys.clientList(org), true, MOST + 1, null).items()) {
            out.add(new Listed(Attrs.str(item, "client_id"), Attrs.str(item, "name", Attrs.str(item, "client_id")),
                    Attrs.flag(item, "third_party"), Attrs.flag(item, "disabled")));
        }
        return out;
    }

    /** The application {@code clientId} of {@code org}, read strongly consistently. */
    public Optional<Application> find(String org, String clientId) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem client", () -> dynamo.getItem(g -> g.tableName(table)
                .key(Attrs.key(Keys.client(org, clientId))).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Application(clientId, Attrs.str(item, "name", clientId), item.containsKey("secret_sha256"),
                Attrs.flag(item, "third_party"), Attrs.strings(item, "scopes"),
                Attrs.str(item, "refresh_policy", "offline_access"), Attrs.num(item, "code_ttl_s", 0),
                Attrs.num(item, "interval_s", 0), Attrs.str(item, "user_code_format"), Attrs.flag(item, "disabled"),
                Attrs.num(item, "secret_version", item.containsKey("secret_sha256") ? 1 : 0)));
    }

    /** Creates {@code app} with the secret hash (null for a public one); false when the id is taken. */
    public boolean create(String org, Application app, String secretSha256, long now) {
        Map<String, AttributeValue> item = new HashMap<>(settings(app));
        item.put(Keys.PK, Attrs.s(Keys.client(org, app.clientId())));
        item.put(Keys.ORG, Attrs.s(org));
        item.put(Keys.ORG_LIST, Attrs.s(Keys.clientList(org)));
        item.put(Keys.ORG_SORT, Attrs.s(app.clientId()));
        item.put("client_id", Attrs.s(app.clientId()));
        item.put("disabled", Attrs.bool(false));
        item.put("created_at", Attrs.n(now));
        if (secretSha256 != null) {
            item.put("secret_sha256", Attrs.s(secretSha256));
            item.put("secret_version", Attrs.n(1));
        }
        try {
            Dynamo.call("PutItem client", () -> dynamo.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)")));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Saves the settings of an existing application (not its type, secret or state); false when it is gone. */
    public boolean update(String org, Application app) {
        Map<String, AttributeValue> set = settings(app);
        List<String> remove = new ArrayList<>();
        for (String optional : List.of("code_ttl_s", "interval_s", "user_code_format")) {
            if (!set.containsKey(optional)) {
                remove.add(optional);
            }
        }
        return OrgLists.update(dynamo, table, Keys.client(org, app.clientId()), set, remove, null);
    }

    /** Disables or enables an application; false when it is gone. */
    public boolean setDisabled(String org, String clientId, boolean disabled) {
        return OrgLists.update(dynamo, table, Keys.client(org, clientId), Map.of("disabled", Attrs.bool(disabled)),
                List.of(), null);
    }

    /**
     * Replaces a confidential application's secret, only when its current one is version
     * {@code replacing} (a form sent twice rotates once); false otherwise.
     */
    public boolean rotateSecret(String org, String clientId, long replacing, String secretSha256) {
        Map<String, AttributeValue> values = Map.of(":v", Attrs.n(replacing));
        String versionIs = replacing == 1
                ? "(secret_version = :v OR (attribute_not_exists(secret_version) AND attribute_exists(secret_sha256)))"
                : "secret_version = :v";
        return OrgLists.update(dynamo, table, Keys.client(org, clientId),
                Map.of("secret_sha256", Attrs.s(secretSha256), "secret_version", Attrs.n(replacing + 1)), List.of(),
                new OrgLists.Condition(versionIs, Map.of(), values));
    }

    private static Map<String, AttributeValue> settings(Application app) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("name", Attrs.s(app.name()));
        item.put("scopes", Attrs.list(app.scopes()));
        item.put("refresh_policy", Attrs.s(app.refreshPolicy()));
        item.put("third_party", Attrs.bool(app.thirdParty()));
        if (app.codeTtlSeconds() > 0) {
            item.put("code_ttl_s", Attrs.n(app.codeTtlSeconds()));
        }
        if (app.intervalSeconds() > 0) {
            item.put("interval_s", Attrs.n(app.intervalSeconds()));
        }
        if (app.userCodeFormat() != null) {
            item.put("user_code_format", Attrs.s(app.userCodeFormat()));
        }
        return item;
    }
}
