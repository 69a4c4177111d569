package dev.cliauth.portal;

import dev.cliauth.account.AccountRepository;
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

/**
 * An org's accounts ({@code USER#<org>#<email>}) as the portal lists, invites, disables and
 * promotes them. An invited account has no password: only the holder of its one-time link
 * (whose SHA-256 the account keeps until it is used or expires) can set one.
 */
@Singleton
@Requires(env = Functions.PORTAL)
public class Members {

    /** How many accounts the list shows (one Query page). */
    public static final int MOST_SHOWN = 500;
    static final String INVITE_HASH = "invite_sha256";
    static final String INVITE_EXPIRES = "invite_expires_at";

    private final DynamoDbClient dynamo;
    private final String table;

    public Members(DynamoDbClient dynamo, ServiceSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.table();
    }

    /** One row of the list; {@code invitedUntil} is when an unused invitation expires, 0 when none is open. */
    public record Listed(String email, String name, boolean disabled, boolean admin, long invitedUntil) {
    }

    /** The org's accounts by email, at most {@link #MOST_SHOWN} + 1 (one more says there are more than shown). */
    public List<Listed> list(String org) {
        List<Listed> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : OrgLists.query(dynamo, table, Keys.userList(org), true, MOST_SHOWN + 1, null)
                .items()) {
            out.add(new Listed(Attrs.str(item, "email"), Attrs.str(item, "name", ""), Attrs.flag(item, "disabled"),
                    AccountRepository.ROLE_ADMIN.equals(Attrs.str(item, AccountRepository.ROLE)),
                    Attrs.num(item, INVITE_EXPIRES, 0)));
        }
        return out;
    }

    /** Creates an invited account (no password) whose link's hash is {@code linkSha256}; false when the email is taken. */
    public boolean invite(String org, String email, String name, String subject, boolean admin, String linkSha256,
                          long expiresAt, long now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.user(org, email)));
        item.put(Keys.ORG, Attrs.s(org));
        item.put(Keys.ORG_LIST, Attrs.s(Keys.userList(org)));
        item.put(Keys.ORG_SORT, Attrs.s(email));
        item.put("subject", Attrs.s(subject));
        item.put("email", Attrs.s(email));
        item.put("name", Attrs.s(name));
        item.put("email_verified", Attrs.bool(false));
        item.put("disabled", Attrs.bool(false));
        if (admin) {
            item.put(AccountRepository.ROLE, Attrs.s(AccountRepository.ROLE_ADMIN));
        }
        item.put(INVITE_HASH, Attrs.s(linkSha256));
        item.put(INVITE_EXPIRES, Attrs.n(expiresAt));
        item.put("created_at", Attrs.n(now));
        try {
            Dynamo.call("PutItem invited user", () -> dynamo.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)")));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Disables (signing out every browser of) or enables an account; false when it does not exist. */
    public boolean setDisabled(String org, String email, boolean disabled) {
        return OrgLists.update(dynamo, table, Keys.user(org, email), Map.of("disabled", Attrs.bool(disabled)),
                disabled ? List.of(AccountRepository.SESSIONS) : List.of(), null);
    }

    /** Makes an account an admin of its org, or an ordinary user; false when it does not exist. */
    public boolean setAdmin(String org, String email, boolean admin) {
        return admin
                ? OrgLists.update(dynamo, table, Keys.user(org, email), Map.of(AccountRepository.ROLE,
                        Attrs.s(AccountRepository.ROLE_ADMIN)), List.of(), null)
                : OrgLists.update(dynamo, table, Keys.user(org, email), Map.of(), List.of(AccountRepository.ROLE), null);
    }

    /**
     * Whether the invitation link ({@code linkSha256}) of {@code email} is open: the account exists,
     * is not disabled, has no password yet and keeps this hash until after {@code now}.
     */
    public boolean inviteOpen(String org, String email, String linkSha256, long now) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem user", () -> dynamo.getItem(g -> g.tableName(table)
                .key(Attrs.key(Keys.user(org, email))).consistentRead(true))).item();
        return item != null && linkSha256.equals(Attrs.str(item, INVITE_HASH)) && Attrs.num(item, INVITE_EXPIRES, 0) > now
                && !Attrs.flag(item, "disabled") && !item.containsKey("password_hash");
    }

    /**
     * Sets the first password of an invited account and closes its link, in one write that holds
     * only while the link is open ({@link #inviteOpen}); false when it is not (used, expired, disabled).
     */
    public boolean acceptInvite(String org, String email, String linkSha256, String passwordHash, long now) {
        return OrgLists.update(dynamo, table, Keys.user(org, email), Map.of("password_hash", Attrs.s(passwordHash),
                        "email_verified", Attrs.bool(true), "password_changed_at", Attrs.n(now)),
                List.of(INVITE_HASH, INVITE_EXPIRES), new OrgLists.Condition("#h = :h AND #x > :now AND disabled = :f"
                        + " AND attribute_not_exists(password_hash)", Map.of("#h", INVITE_HASH, "#x", INVITE_EXPIRES), Map.of(":h", Attrs.s(linkSha256), ":now", Attrs.n(now),
                        ":f", Attrs.bool(false))));
    }
}
