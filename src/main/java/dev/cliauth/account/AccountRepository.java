package dev.cliauth.account;

import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingFixture;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads accounts ({@code USER#org#email}), strongly consistent, and keeps their browser sessions
 * in the account item's {@code sessions} map: a password change or a disabled account (admin tool)
 * clears the map, which signs every browser out.
 */
@Singleton
@Requires(env = {"verification", "portal"})
public class AccountRepository implements Primed {

    /** The account item's map of live sessions: id → {@code {auth_time, expires_at}}. */
    public static final String SESSIONS = "sessions";
    /** Most sessions an account keeps; signing in past it ends the oldest. */
    static final int MAX_SESSIONS = 40;
    private static final String AUTH_TIME = "auth_time";
    /** The provider's {@code sub} a company account is linked to; such an account has no password hash. */
    public static final String UPSTREAM_SUB = "upstream_sub";
    /** The account's role in its org: {@link #ROLE_ADMIN} or absent (a user); set with the admin tool only. */
    public static final String ROLE = "role";
    public static final String ROLE_ADMIN = "admin";
    private static final String EXPIRES_AT = "expires_at";

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
        Map<String, Account.SessionEntry> sessions = null;
        AttributeValue map = item.get(SESSIONS);
        if (map != null && map.hasM()) {
            sessions = new HashMap<>();
            for (Map.Entry<String, AttributeValue> e : map.m().entrySet()) {
                if (e.getValue().hasM()) {
                    Map<String, AttributeValue> v = e.getValue().m();
                    sessions.put(e.getKey(), new Account.SessionEntry(Attrs.num(v, AUTH_TIME, 0), Attrs.num(v, EXPIRES_AT, 0)));
                }
            }
        }
        return Optional.of(new Account(
                Attrs.str(item, Keys.ORG, org),
                Attrs.str(item, "subject"),
                Attrs.str(item, "email"),
                Attrs.str(item, "name", ""),
                Attrs.str(item, "password_hash", ""),
                Attrs.flag(item, "disabled"),
                sessions,
                Attrs.flag(item, "email_verified"),
                Attrs.str(item, UPSTREAM_SUB),
                ROLE_ADMIN.equals(Attrs.str(item, ROLE))));
    }

    /**
     * Adds session {@code id} to {@code account}, dropping its expired sessions and, past
     * {@link #MAX_SESSIONS}, its oldest: one conditional write, refused (false) when the account
     * was disabled or its password changed since it was read, so a session is never created for a
     * password that no longer works.
     */
    public boolean startSession(Account account, String id, Account.SessionEntry entry, long now) {
        String pk = Keys.user(account.org(), account.email());
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":false", Attrs.bool(false), ":entry", entry(entry)));
        names.put("#sessions", SESSIONS);
        String condition;
        if (account.companyAccount()) {     // no password: still the account linked to that subject, still enabled
            names.put("#upstream", UPSTREAM_SUB);
            values.put(":upstream", Attrs.s(account.upstreamSubject()));
            condition = "#upstream = :upstream AND attribute_not_exists(password_hash)";
        } else {
            values.put(":hash", Attrs.s(account.passwordHash()));
            condition = "password_hash = :hash";
        }
        condition += " AND (attribute_not_exists(disabled) OR disabled = :false)";
        String update;
        if (account.sessions() == null) {
            update = "SET #sessions = :map";
            values.remove(":entry");
            values.put(":map", AttributeValue.fromM(Map.of(id, entry(entry))));
            condition += " AND attribute_not_exists(#sessions)";
        } else {
            names.put("#new", id);
            List<String> removes = new ArrayList<>();
            List<Map.Entry<String, Account.SessionEntry>> kept = new ArrayList<>();
            for (Map.Entry<String, Account.SessionEntry> e : account.sessions().entrySet()) {
                if (e.getValue().expiresAt() <= now) {
                    removes.add(e.getKey());
                } else {
                    kept.add(e);
                }
            }
            kept.sort(Comparator.comparingLong(e -> e.getValue().authTime()));
            for (int i = 0; i < kept.size() - (MAX_SESSIONS - 1); i++) {
                removes.add(kept.get(i).getKey());
            }
            StringBuilder remove = new StringBuilder();
            for (int i = 0; i < removes.size(); i++) {
                names.put("#old" + i, removes.get(i));
                remove.append(i == 0 ? " REMOVE " : ", ").append("#sessions.#old").append(i);
            }
            update = "SET #sessions.#new = :entry" + remove;
            condition += " AND attribute_exists(#sessions)";
        }
        String u = update;
        String c = condition;
        try {
            Dynamo.call("UpdateItem start session", () -> dynamo.updateItem(b -> b.tableName(table).key(Attrs.key(pk))
                    .updateExpression(u).conditionExpression(c)
                    .expressionAttributeNames(names).expressionAttributeValues(values)));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** Ends session {@code id} of the account (sign-out); nothing when it has ended already. */
    public void endSession(String org, String email, String id) {
        try {
            Dynamo.call("UpdateItem end session", () -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Attrs.key(Keys.user(org, email)))
                    .updateExpression("REMOVE #sessions.#id")
                    .conditionExpression("attribute_exists(#sessions.#id)")
                    .expressionAttributeNames(Map.of("#sessions", SESSIONS, "#id", id))));
        } catch (ConditionalCheckFailedException alreadyEnded) {
            // signed out already, or the account's sessions were cleared
        }
    }

    /** Records that session {@code id} re-entered its password at {@code now}; false when the session is gone. */
    public boolean reauthenticated(String org, String email, String id, long now) {
        try {
            Dynamo.call("UpdateItem re-authenticate", () -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Attrs.key(Keys.user(org, email)))
                    .updateExpression("SET #sessions.#id.#auth = :now")
                    .conditionExpression("attribute_exists(#sessions.#id)")
                    .expressionAttributeNames(Map.of("#sessions", SESSIONS, "#id", id, "#auth", AUTH_TIME))
                    .expressionAttributeValues(Map.of(":now", Attrs.n(now)))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    /** The email of the account linked to a provider's subject ({@link Keys#upstreamLink}), if any. */
    public Optional<String> linkedEmail(String org, String subjectHash) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem upstream link", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.upstreamLink(org, subjectHash))).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Attrs.str(item, "email"));
    }

    /** What creating a company account came to. */
    public enum Created { CREATED, EMAIL_TAKEN, ALREADY_LINKED }

    /**
     * Creates a company account for {@code email}, linked to the provider's {@code upstreamSub}
     * (its link item keyed by {@code subjectHash}): one transaction, so there is never an account
     * without its link or a link without its account, and never a second account for one subject.
     * An email that already has an account is never taken over: {@link Created#EMAIL_TAKEN}.
     */
    public Created createCompanyAccount(String org, String email, String name, String subject, String issuer,
                                        String upstreamSub, String subjectHash, long now) {
        Map<String, AttributeValue> account = new HashMap<>();
        account.put(Keys.PK, Attrs.s(Keys.user(org, email)));
        account.put(Keys.ORG, Attrs.s(org));
        account.put(Keys.ORG_LIST, Attrs.s(Keys.userList(org)));
        account.put(Keys.ORG_SORT, Attrs.s(email));
        account.put("subject", Attrs.s(subject));
        account.put("email", Attrs.s(email));
        account.put("name", Attrs.s(name));
        account.put("email_verified", Attrs.bool(true));
        account.put("disabled", Attrs.bool(false));
        account.put("upstream_iss", Attrs.s(issuer));
        account.put(UPSTREAM_SUB, Attrs.s(upstreamSub));
        account.put("created_at", Attrs.n(now));
        Map<String, AttributeValue> link = Map.of(Keys.PK, Attrs.s(Keys.upstreamLink(org, subjectHash)), Keys.ORG, Attrs.s(org),
                "email", Attrs.s(email), "created_at", Attrs.n(now));
        try {
            Dynamo.call("TransactWriteItems company account", () -> dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(account)
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(link)
                            .conditionExpression("attribute_not_exists(pk)")).build())));
            return Created.CREATED;
        } catch (TransactionCanceledException e) {
            if (!Dynamo.cancelledByConditions(e)) {
                throw new DependencyFailure("company account cancelled", e);
            }
            return "ConditionalCheckFailed".equals(Dynamo.reason(e, 1)) ? Created.ALREADY_LINKED : Created.EMAIL_TAKEN;
        }
    }

    private static AttributeValue entry(Account.SessionEntry e) {
        return AttributeValue.fromM(Map.of(AUTH_TIME, Attrs.n(e.authTime()), EXPIRES_AT, Attrs.n(e.expiresAt())));
    }
}
