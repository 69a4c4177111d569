package dev.cliauth.token;

import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * Access tokens revoked before they expire (RFC 7009 §2): one item per token id, deleted by TTL
 * an hour after the token would have expired anyway. The userinfo endpoint consults it.
 */
@Singleton
@Requires(env = {Functions.TOKEN, Functions.VERIFICATION})    // the verification pages revoke from "your devices"
public class RevokedAccessTokens {

    private final DynamoDbClient dynamo;
    private final String table;

    public RevokedAccessTokens(DynamoDbClient dynamo, ServiceSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.table();
    }

    /** Records {@code jti} (of {@code org}, issued to {@code clientId}, expiring at {@code expiresAt} ms) as revoked. */
    public void revoke(String org, String jti, String clientId, long expiresAt, long now) {
        Dynamo.call("PutItem revoked access token", () -> dynamo.putItem(p -> p.tableName(table).item(Map.of(
                Keys.PK, Attrs.s(Keys.revokedAccessToken(jti)),
                Keys.ORG, Attrs.s(org),
                "client_id", Attrs.s(clientId),
                "revoked_at", Attrs.n(now),
                "expires_at", Attrs.n(expiresAt),
                Keys.TTL, Attrs.n(expiresAt / 1000 + 3600)))));
    }

    /**
     * Records revoked the last two access tokens a refresh-token family issued ({@code family}: its
     * item, read or returned after the family's revocation), those not expired yet.
     */
    public void revokeLastIssued(String org, Map<String, AttributeValue> family, long now) {
        String clientId = Attrs.str(family, "client_id");
        for (String[] access : new String[][]{{"access_jti", "access_expires_at"}, {"previous_jti", "previous_expires_at"}}) {
            String jti = Attrs.str(family, access[0]);
            long expiresAt = Attrs.num(family, access[1], 0);
            if (jti != null && !jti.isEmpty() && expiresAt > now) {
                revoke(org, jti, clientId, expiresAt, now);
            }
        }
    }

    public boolean isRevoked(String jti) {
        Map<String, AttributeValue> item = Dynamo.call("GetItem revoked access token", () -> dynamo.getItem(g -> g
                .tableName(table).key(Attrs.key(Keys.revokedAccessToken(jti))))).item();
        return item != null && !item.isEmpty();
    }
}
