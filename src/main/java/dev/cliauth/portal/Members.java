package dev.cliauth.portal;

import dev.cliauth.account.AccountRepository;
import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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

    /**
     * Creates an invited account (no password) whose link's hash is {@code linkSha256}, as the admin
     * {@code actor}, in one transaction with the check that the actor is still an enabled admin
     * ({@link #byAdmin}): {@link Change#TAKEN} when the email has an account.
     */
    public Change invite(String org, String actor, String email, String name, String subject, boolean admin,
                         String linkSha256, long expiresAt, long now) {
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
        Change done = byAdmin(org, actor, TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")).build());
        return done == Change.NO_ACCOUNT ? Change.TAKEN : done;
    }

    /**
     * What a change of an account by an admin came to: done; the account is not there (or, for an
     * invitation, already is: {@code TAKEN}); the actor is no longer an enabled admin.
     */
    public enum Change { DONE, NO_ACCOUNT, TAKEN, NOT_ADMIN }

    /**
     * Disables (signing out every browser of) or enables the account {@code email}, as the admin
     * {@code actor}: {@link #byAdmin}.
     */
    public Change setDisabled(String org, String actor, String email, boolean disabled) {
        return byAdmin(org, actor, OrgLists.change(Keys.user(org, email), Map.of("disabled", Attrs.bool(disabled)),
                disabled ? List.of(AccountRepository.SESSIONS) : List.of(), null));
    }

    /** Makes the account {@code email} an admin of its org, or an ordinary user, as the admin {@code actor}: {@link #byAdmin}. */
    public Change setAdmin(String org, String actor, String email, boolean admin) {
        return byAdmin(org, actor, admin
                ? OrgLists.change(Keys.user(org, email), Map.of(AccountRepository.ROLE, Attrs.s(AccountRepository.ROLE_ADMIN)),
                        List.of(), null)
                : OrgLists.change(Keys.user(org, email), Map.of(), List.of(AccountRepository.ROLE), null));
    }

    /**
     * {@code change} in one transaction with a check that {@code actor} is still an enabled admin
     * of {@code org} when it is written: two admins who demote (or disable) each other at once
     * cannot both succeed, so an org whose admins cannot change themselves keeps one.
     */
    private Change byAdmin(String org, String actor, OrgLists.Change change) {
        return byAdmin(org, actor, change.inTransaction(table));
    }

    /** {@code write} in one transaction with the check that {@code actor} is still an enabled admin. */
    private Change byAdmin(String org, String actor, TransactWriteItem write) {
        TransactWriteItem stillAdmin = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(Attrs.key(Keys.user(org, actor)))
                .conditionExpression("#role = :admin AND (attribute_not_exists(disabled) OR disabled = :f)")
                .expressionAttributeNames(Map.of("#role", AccountRepository.ROLE))
                .expressionAttributeValues(Map.of(":admin", Attrs.s(AccountRepository.ROLE_ADMIN), ":f", Attrs.bool(false))))
                .build();
        try {
            Dynamo.call("TransactWriteItems change account", () -> dynamo.transactWriteItems(t -> t.transactItems(
                    stillAdmin, write)));
            return Change.DONE;
        } catch (TransactionCanceledException e) {
            if (!Dynamo.cancelledByConditions(e)) {
                throw new DependencyFailure("account change cancelled", e);
            }
            return "ConditionalCheckFailed".equals(Dynamo.reason(e, 0)) ? Change.NOT_ADMIN : Change.NO_ACCOUNT;
        }
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
        // The address stays unverified: the admin passed the link on by hand, so using it proves no
        // one controls the address (tokens say email_verified as the account does).
        return OrgLists.update(dynamo, table, Keys.user(org, email), Map.of("password_hash", Attrs.s(passwordHash),
                        "password_changed_at", Attrs.n(now)),
                List.of(INVITE_HASH, INVITE_EXPIRES), new OrgLists.Condition("#h = :h AND #x > :now AND disabled = :f"
                        + " AND attribute_not_exists(password_hash)", Map.of("#h", INVITE_HASH, "#x", INVITE_EXPIRES), Map.of(":h", Attrs.s(linkSha256), ":now", Attrs.n(now),
                        ":f", Attrs.bool(false))));
    }
}
