package dev.cliauth.portal;

import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an org's settings ({@code ORG#<org>}) from the portal: name, device-code defaults,
 * re-authentication, password sign-in, branding. One conditional write; the other functions see it within their
 * org cache's lifetime ({@code cliauth.client.cache-ttl}), this one at once.
 */
@Singleton
@Requires(env = Functions.PORTAL)
public class OrgSettingsStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final OrgRepository orgs;

    public OrgSettingsStore(DynamoDbClient dynamo, ServiceSettings settings, OrgRepository orgs) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.orgs = orgs;
    }

    /**
     * Sets what {@code set} holds and removes every other optional setting (left empty on the form,
     * so the deployment's applies); false when the org has no stored record.
     */
    public boolean save(String org, Map<String, AttributeValue> set) {
        List<String> remove = new ArrayList<>();
        for (String optional : List.of("code_ttl_s", "interval_s", "user_code_format", "reauth_s", "logo_url", "accent",
                OrgRepository.PASSWORDS_OFF)) {
            if (!set.containsKey(optional)) {
                remove.add(optional);
            }
        }
        boolean saved = OrgLists.update(dynamo, table, Keys.org(org), new HashMap<>(set), remove, null);
        orgs.forget();
        return saved;
    }
}
