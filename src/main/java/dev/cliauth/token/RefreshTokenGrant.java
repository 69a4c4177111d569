package dev.cliauth.token;

import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.refresh.RefreshGrant;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import java.util.ArrayList;
import dev.cliauth.client.Client;
import dev.cliauth.config.Functions;
import dev.cliauth.config.TokenSettings;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.refresh.RefreshPolicy;
import dev.cliauth.refresh.RefreshTokens;
import dev.cliauth.refresh.RefreshTokens.Rotation;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The refresh token grant (RFC 6749 §6) with rotation and reuse detection (RFC 9700 §4.14.2): a
 * current token gives new tokens and the next refresh token; anything else is {@code invalid_grant},
 * and a reused one kills its whole family first.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class RefreshTokenGrant {

    private final RefreshTokens refreshTokens;
    private final TokenMinter minter;
    private final WritesWhileSigning writes;
    private final Clock clock;
    private final AuditTrail audit;
    private final Duration accessTokenTtl;

    public RefreshTokenGrant(RefreshTokens refreshTokens, TokenMinter minter, WritesWhileSigning writes, Clock clock,
                             AuditTrail audit, TokenSettings tokenSettings) {
        this.audit = audit;
        this.accessTokenTtl = tokenSettings.accessTokenTtl();
        this.refreshTokens = refreshTokens;
        this.minter = minter;
        this.writes = writes;
        this.clock = clock;
    }

    /** New tokens for {@code client} presenting {@code refreshToken}, for {@code scopes} or all it was granted. */
    public Tokens refresh(Client client, String refreshToken, @Nullable List<String> scopes, String issuer, String sourceIp) {
        if (client.refreshPolicy() == RefreshPolicy.NEVER) {
            throw OAuthError.unauthorizedClient("This client does not use refresh tokens.").toException();
        }
        long now = clock.millis();
        String accessTokenId = minter.newTokenId();
        Rotation rotation = refreshTokens.check(refreshToken, client.org(), client.clientId(), scopes, now,
                new RefreshTokens.IssuedAccess(accessTokenId, now + accessTokenTtl.toMillis()));
        AuditEvent refreshed = null;
        if (rotation instanceof Rotation.Ready checked) {
            RefreshGrant g = checked.grant();
            refreshed = AuditEvent.of(g.org(), AuditEventType.REFRESHED, now, g.clientId(), g.scopes(), sourceIp, null)
                    .by(g.email(), g.subject());
            List<TransactWriteItem> withAudit = new ArrayList<>(checked.writes());
            withAudit.add(audit.put(refreshed));      // after the writes whose positions say why a rotation failed
            rotation = new Rotation.Ready(checked.token(), g, withAudit);
        }
        if (rotation instanceof Rotation.Ready ready) {
            // The rotation's transaction goes to DynamoDB while the tokens are signed; they leave only if it committed.
            Future<Rotation> committed = writes.submit(() -> refreshTokens.commit(ready, now));
            TokenMinter.Minted minted;
            try {
                minted = minter.mint(Authorization.of(ready.grant()), issuer, now, accessTokenId);
            } catch (RuntimeException e) {
                writes.await(committed);
                throw e;
            }
            rotation = writes.await(committed);
            if (rotation instanceof Rotation.Rotated rotated) {
                audit.logged(refreshed);
                return minted.tokens().withRefreshToken(rotated.token());
            }
        }
        if (rotation instanceof Rotation.ScopeWidened) {
            // "The requested scope MUST NOT include any scope not originally granted" (RFC 6749 §6)
            throw OAuthError.invalidScope("The requested scope exceeds the scope originally granted.").toException();
        }
        if (rotation instanceof Rotation.Reused) {
            audit.record(AuditEvent.of(client.org(), AuditEventType.REUSE_DETECTED, now, client.clientId(), List.of(),
                    sourceIp, null).detail("refresh token family revoked"));
            throw OAuthError.invalidGrant("The refresh token was already used; the sign-in it belongs to is revoked.")
                    .toException();
        }
        if (rotation instanceof Rotation.AccountUnavailable) {
            throw OAuthError.invalidGrant("The account is no longer active.").toException();
        }
        throw OAuthError.invalidGrant(((Rotation.Invalid) rotation).reason()).toException();
    }
}
