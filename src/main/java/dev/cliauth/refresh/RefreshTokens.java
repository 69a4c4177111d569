package dev.cliauth.refresh;

import dev.cliauth.code.DeviceCode;
import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.protocol.DependencyFailure;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refresh-token families in the table. A family ({@code RFAMILY#id}) holds the hash of its current
 * token, its sliding idle expiry and its absolute expiry; each token ({@code REFRESH#sha256}) holds
 * what it stands for and, once used, when it was rotated. A rotation is one transaction — the old
 * token marked rotated only if it was not already, the family moved to the new token only if it is
 * alive, the new token written, the account checked enabled — so of two requests racing with the
 * same token at most one gets a new one, and the other is a reuse that kills the family.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class RefreshTokens {

    private static final long DAY_MS = 86_400_000L;

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecureRandom random;

    public RefreshTokens(DynamoDbClient dynamo, ServiceSettings settings, SecureRandom random) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.random = random;
    }

    /** A family's first token and the two writes that store it, to go in the transaction that issues it. */
    public record Issue(String token, RefreshGrant grant, List<TransactWriteItem> writes) {
        @Override
        public String toString() {
            return "Issue[family=" + grant.familyId() + "]";
        }
    }

    /**
     * Starts a family for {@code grant} (its {@code familyId} is drawn here): its first token and the
     * writes. The family records {@code origin} and the access token issued with it ({@code accessJti},
     * expiring at {@code accessExpiresAt}), so revoking the family can revoke that token too, and it
     * carries its owner's key ({@link Keys#deviceOwner}) for the {@code devices} index.
     */
    public Issue start(RefreshGrant grant, Duration idle, Duration absolute, long now, FamilyOrigin origin,
                       String accessJti, long accessExpiresAt) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        RefreshGrant g = new RefreshGrant(Base64.getUrlEncoder().withoutPadding().encodeToString(id), grant.org(), grant.clientId(), grant.subject(),
                grant.email(), grant.name(), grant.scopes(), grant.authTime(), grant.emailVerified());
        String token = DeviceCode.generate(random);
        String hash = DeviceCode.hash(token);
        long absoluteEnd = now + absolute.toMillis();
        Map<String, AttributeValue> family = new HashMap<>();
        family.put(Keys.PK, Attrs.s(Keys.refreshFamily(g.familyId())));
        family.put(Keys.ORG, Attrs.s(g.org()));
        family.put("client_id", Attrs.s(g.clientId()));
        family.put("subject", Attrs.s(g.subject()));
        family.put("email", Attrs.s(g.email()));
        family.put("scopes", Attrs.list(g.scopes()));
        family.put("current", Attrs.s(hash));
        family.put("created_at", Attrs.n(now));
        family.put("idle_ms", Attrs.n(idle.toMillis()));
        family.put("idle_expires_at", Attrs.n(Math.min(now + idle.toMillis(), absoluteEnd)));
        family.put("absolute_expires_at", Attrs.n(absoluteEnd));
        family.put("rotations", Attrs.n(0));
        family.put(Keys.DEVICE_OWNER, Attrs.s(Keys.deviceOwner(g.org(), g.subject())));
        family.put("client_name", Attrs.s(origin.clientName()));
        family.put("requester_ip", Attrs.s(origin.requesterIp()));
        family.put("requester_agent", Attrs.s(origin.requesterAgent()));
        family.put("approved_at", Attrs.n(origin.approvedAt()));
        if (origin.approvedIp() != null) {
            family.put("approved_ip", Attrs.s(origin.approvedIp()));
        }
        if (origin.approvedAgent() != null) {
            family.put("approved_agent", Attrs.s(origin.approvedAgent()));
        }
        family.put("access_jti", Attrs.s(accessJti));
        family.put("access_expires_at", Attrs.n(accessExpiresAt));
        family.put(Keys.TTL, Attrs.n((absoluteEnd + DAY_MS) / 1000));
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(family)
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(tokenItem(hash, g, idle.toMillis(), absoluteEnd, now))
                        .conditionExpression("attribute_not_exists(pk)")).build());
        return new Issue(token, g, writes);
    }

    /** An access token about to be issued from a family: its id ({@code jti}) and when it expires (epoch ms). */
    public record IssuedAccess(String jti, long expiresAt) {
    }

    /** What a refresh came to. */
    public sealed interface Rotation {
        /** The token was current: here is the next one, and what it stands for. */
        record Rotated(String token, RefreshGrant grant) implements Rotation {
            @Override
            public String toString() {
                return "Rotated[family=" + grant.familyId() + "]";
            }
        }

        /** Unknown, expired, of another client, or of a family that is dead. */
        record Invalid(String reason) implements Rotation {
        }

        /** A rotated token came back, or two requests used one token at once: the family is revoked. */
        record Reused() implements Rotation {
        }

        /** The account is disabled or gone: the family is revoked. */
        record AccountUnavailable() implements Rotation {
        }

        /** The request asked for a scope the token was not granted (RFC 6749 §6): nothing was used up. */
        record ScopeWidened() implements Rotation {
        }

        /** Checked and ready to rotate with {@code writes}; {@code token} is the next one, {@code grant} narrowed. */
        record Ready(String token, RefreshGrant grant, List<TransactWriteItem> writes) implements Rotation {
            @Override
            public String toString() {
                return "Ready[family=" + grant.familyId() + "]";
            }
        }
    }

    /**
     * Rotates {@code token} for the client {@code clientId} of {@code org}: {@link #check} then
     * {@link #commit}, one read and one transaction (two DynamoDB calls); a reuse costs one more
     * write, the family's revocation.
     *
     * @param requested the scopes asked for, or {@code null} for all the token was granted
     * @param access    the access token to be issued with the next refresh token (the family records it)
     */
    public Rotation rotate(String token, String org, String clientId, @Nullable List<String> requested, long now,
                           IssuedAccess access) {
        Rotation checked = check(token, org, clientId, requested, now, access);
        return checked instanceof Rotation.Ready ready ? commit(ready, now) : checked;
    }

    /**
     * The read half of a rotation: the token's item, and every check that needs no write. A token
     * that passes is {@link Rotation.Ready}: what it stands for (scopes narrowed as asked) and the
     * transaction that rotates it, which {@link #commit} sends. The family keeps the ids of the last
     * two access tokens issued from it ({@code access}, and the one before), the ones revoking it records revoked.
     */
    public Rotation check(String token, String org, String clientId, @Nullable List<String> requested, long now,
                          IssuedAccess access) {
        if (!DeviceCode.wellFormed(token)) {
            return new Rotation.Invalid("Unknown refresh token.");
        }
        String hash = DeviceCode.hash(token);
        Map<String, AttributeValue> item = read(hash);
        if (item == null) {
            return new Rotation.Invalid("Unknown refresh token.");
        }
        RefreshGrant grant = grant(item);
        // "The authorization server MUST ... validate the refresh token [and] authenticate the client
        // ... [and ensure] that the refresh token was issued to the authenticated client." (RFC 6749 §6)
        if (!grant.org().equals(org) || !grant.clientId().equals(clientId)) {
            return new Rotation.Invalid("Unknown refresh token.");
        }
        if (item.containsKey("rotated_at")) {
            revokeFamily(grant.familyId(), "reuse", now);
            return new Rotation.Reused();
        }
        long familyEnd = Attrs.num(item, "family_expires_at", 0);
        if (now >= familyEnd) {
            return new Rotation.Invalid("The refresh token has expired.");
        }
        List<String> scopes = requested == null ? grant.scopes() : requested;
        if (!grant.scopes().containsAll(scopes)) {
            return new Rotation.ScopeWidened();
        }
        String next = DeviceCode.generate(random);
        String nextHash = DeviceCode.hash(next);
        TransactWriteItem markUsed = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Attrs.key(Keys.refreshToken(hash)))
                .updateExpression("SET rotated_at = :now")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(rotated_at)")
                .expressionAttributeValues(Map.of(":now", Attrs.n(now)))).build();
        TransactWriteItem moveFamily = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Attrs.key(Keys.refreshFamily(grant.familyId())))
                .updateExpression("SET #current = :next, last_refresh_at = :now, rotations = rotations + :one,"
                        + " idle_expires_at = :idleEnd, previous_jti = if_not_exists(access_jti, :none),"
                        + " previous_expires_at = if_not_exists(access_expires_at, :zero),"
                        + " access_jti = :jti, access_expires_at = :jtiEnd,"
                        // A family started before "your devices" joins its index at its first refresh.
                        + " device_owner = if_not_exists(device_owner, :owner)")
                .conditionExpression("#current = :old AND attribute_not_exists(revoked_at) AND idle_expires_at > :now"
                        + " AND absolute_expires_at > :now")
                .expressionAttributeNames(Map.of("#current", "current"))
                .expressionAttributeValues(Map.of(":next", Attrs.s(nextHash), ":old", Attrs.s(hash), ":now", Attrs.n(now),
                        ":one", Attrs.n(1), ":idleEnd", Attrs.n(Math.min(now + idleMs(item), familyEnd)),
                        ":jti", Attrs.s(access.jti()), ":jtiEnd", Attrs.n(access.expiresAt()),
                        ":none", Attrs.s(""), ":zero", Attrs.n(0), ":owner", Attrs.s(Keys.deviceOwner(grant.org(), grant.subject()))))).build();
        TransactWriteItem store = TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(tokenItem(nextHash, grant, idleMs(item), familyEnd, now)).conditionExpression("attribute_not_exists(pk)")).build();
        TransactWriteItem accountEnabled = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(Attrs.key(Keys.user(grant.org(), grant.email())))
                .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)")
                .expressionAttributeValues(Map.of(":false", Attrs.bool(false)))).build();
        RefreshGrant narrowed = new RefreshGrant(grant.familyId(), grant.org(), grant.clientId(), grant.subject(),
                grant.email(), grant.name(), scopes, grant.authTime(), grant.emailVerified());
        return new Rotation.Ready(next, narrowed, List.of(markUsed, moveFamily, store, accountEnabled));
    }

    /**
     * The write half of a rotation: the transaction. Of two requests racing with one token at most
     * one commits; the other, or a conflict, is a reuse and kills the family.
     */
    public Rotation commit(Rotation.Ready ready, long now) {
        String familyId = ready.grant().familyId();
        try {
            Dynamo.call("TransactWriteItems rotate refresh token", () -> dynamo.transactWriteItems(t -> t
                    .transactItems(ready.writes())));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) {
                // Another request is using this token at this moment: two users of one token.
                revokeFamily(familyId, "concurrent use", now);
                return new Rotation.Reused();
            }
            if (!Dynamo.cancelledByConditions(e)) {
                throw new DependencyFailure("refresh rotation cancelled", e);
            }
            if ("ConditionalCheckFailed".equals(Dynamo.reason(e, 0))) {
                revokeFamily(familyId, "reuse", now);
                return new Rotation.Reused();
            }
            if ("ConditionalCheckFailed".equals(Dynamo.reason(e, 3))) {
                revokeFamily(familyId, "account unavailable", now);
                return new Rotation.AccountUnavailable();
            }
            return new Rotation.Invalid("The refresh token has expired or been revoked.");
        }
        return new Rotation.Rotated(ready.token(), ready.grant());
    }

    /** What revoking a refresh token came to. */
    public enum Revocation { REVOKED, UNKNOWN, OTHER_CLIENT }

    /**
     * Revocation (RFC 7009 §2.1) of {@code token} by the client {@code clientId} of {@code org}: the
     * token's whole family dies. An unknown token is no error.
     */
    public Revocation revoke(String token, String org, String clientId, long now) {
        if (!DeviceCode.wellFormed(token)) {
            return Revocation.UNKNOWN;
        }
        Map<String, AttributeValue> item = read(DeviceCode.hash(token));
        if (item == null || !org.equals(Attrs.str(item, Keys.ORG))) {
            return Revocation.UNKNOWN;
        }
        if (!clientId.equals(Attrs.str(item, "client_id"))) {
            return Revocation.OTHER_CLIENT;
        }
        revokeFamily(Attrs.str(item, "family"), "revoked by the client", now);
        return Revocation.REVOKED;
    }

    /**
     * Kills a family: none of its tokens can be used again (RFC 9700 §4.14.2), and none of the
     * access tokens it issued is accepted by UserInfo ({@link #familyRevoked}).
     */
    public void revokeFamily(String familyId, String reason, long now) {
        try {
            Dynamo.call("UpdateItem revoke refresh family", () -> dynamo.updateItem(u -> u.tableName(table)
                    .key(Attrs.key(Keys.refreshFamily(familyId)))
                    .updateExpression("SET revoked_at = if_not_exists(revoked_at, :now),"
                            + " revoked_reason = if_not_exists(revoked_reason, :reason) REMOVE device_owner")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":now", Attrs.n(now), ":reason", Attrs.s(reason)))));
        } catch (ConditionalCheckFailedException gone) {
            // Expired and deleted by TTL: nothing left to revoke.
        }
    }

    /**
     * Whether the family {@code familyId} of {@code org} no longer vouches for its access tokens
     * ({@code sid}): revoked, of another org, or gone. One strongly consistent GetItem.
     */
    public boolean familyRevoked(String familyId, String org) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem refresh family", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.refreshFamily(familyId))).consistentRead(true))).item();
        return item == null || item.isEmpty() || !org.equals(Attrs.str(item, Keys.ORG)) || item.containsKey("revoked_at");
    }

    /** The stored token with this hash (a strongly consistent read: a rotation must see the last one), or null. */
    private Map<String, AttributeValue> read(String tokenHash) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem refresh token", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.refreshToken(tokenHash))).consistentRead(true))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private Map<String, AttributeValue> tokenItem(String hash, RefreshGrant g, long idleMs, long familyEnd, long now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.refreshToken(hash)));
        item.put(Keys.ORG, Attrs.s(g.org()));
        item.put("family", Attrs.s(g.familyId()));
        item.put("client_id", Attrs.s(g.clientId()));
        item.put("subject", Attrs.s(g.subject()));
        item.put("email", Attrs.s(g.email()));
        if (g.name() != null) {
            item.put("name", Attrs.s(g.name()));
        }
        item.put("scopes", Attrs.list(g.scopes()));
        item.put("auth_time", Attrs.n(g.authTime()));
        item.put("email_verified", Attrs.bool(g.emailVerified()));
        item.put("created_at", Attrs.n(now));
        item.put("family_expires_at", Attrs.n(familyEnd));
        item.put("idle_ms", Attrs.n(idleMs));
        item.put(Keys.TTL, Attrs.n((familyEnd + DAY_MS) / 1000));
        return item;
    }

    private static long idleMs(Map<String, AttributeValue> tokenItem) {
        return Attrs.num(tokenItem, "idle_ms", 30 * DAY_MS);
    }

    private static RefreshGrant grant(Map<String, AttributeValue> item) {
        return new RefreshGrant(Attrs.str(item, "family"), Attrs.str(item, Keys.ORG), Attrs.str(item, "client_id"),
                Attrs.str(item, "subject"), Attrs.str(item, "email"), Attrs.str(item, "name"), Attrs.strings(item, "scopes"),
                Attrs.num(item, "auth_time", 0), Attrs.flag(item, "email_verified"));
    }
}
