package dev.cliauth.account;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

/** Reads accounts ({@code USER#org#email}), strongly consistent. */
@Singleton
@Requires(env = "verification")
public class AccountRepository implements Primed {

    private final DynamoDbClient dynamo;
    private final String table;

    public AccountRepository(DynamoDbClient dynamo, ServiceSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.table();
    }

    /**
     * An account that exists only while priming, with a hash of the fixture's throwaway password at
     * the cost accounts are created with, so priming verifies one real bcrypt hash.
     */
    @Override
    public Map<String, Map<String, AttributeValue>> primingItems(PrimingFixture fixture) {
        String pk = Keys.user(fixture.org(), fixture.email());
        return Map.of(pk, Map.of(
                Keys.PK, Attrs.s(pk),
                Keys.ORG, Attrs.s(fixture.org()),
                "subject", Attrs.s("priming"),
                "email", Attrs.s(fixture.email()),
                "name", Attrs.s("Priming"),
                "password_hash", Attrs.s(Passwords.hash(fixture.password(), Passwords.COST)),
                "disabled", Attrs.bool(false)));
    }

    @Override
    public void forget() {
        // nothing cached: every read is consistent
    }

    public Optional<Account> find(String org, String email) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem account", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.user(org, email))).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Account(
                Attrs.str(item, Keys.ORG, org),
                Attrs.str(item, "subject"),
                Attrs.str(item, "email"),
                Attrs.str(item, "name", ""),
                Attrs.str(item, "password_hash", ""),
                Attrs.flag(item, "disabled")));
    }
}
