package dev.cliauth.token;

import dev.cliauth.audit.AuditEvent;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.audit.AuditTrail;
import dev.cliauth.client.Client;
import dev.cliauth.web.SourceAddress;
import dev.cliauth.config.LimitSettings;
import dev.cliauth.config.TokenSettings;
import dev.cliauth.refresh.FamilyOrigin;
import dev.cliauth.refresh.RefreshGrant;
import dev.cliauth.refresh.RefreshTokens;
import dev.cliauth.store.Counters;
import dev.cliauth.store.Counters.Counter;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.grant.GrantRepository;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.grant.GrantRepository.Poll;
import dev.cliauth.grant.GrantRepository.Redemption;
import dev.cliauth.config.Functions;
import dev.cliauth.protocol.OAuthError;
import dev.cliauth.protocol.OAuthException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The device code grant's decision list (RFC 8628 §3.4, §3.5), in SPEC §3's order once the
 * request and client are known good. A pending poll costs one conditional UpdateItem; a redemption
 * one more transaction.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class DeviceCodeRedemption {

    private final GrantRepository grants;
    private final TokenMinter minter;
    private final WritesWhileSigning writes;
    private final Counters counters;
    private final LimitSettings limits;
    private final RefreshTokens refreshTokens;
    private final TokenSettings tokenSettings;
    private final Clock clock;
    private final AuditTrail audit;
    private final RevokedAccessTokens revokedAccessTokens;

    public DeviceCodeRedemption(GrantRepository grants, TokenMinter minter, WritesWhileSigning writes, Counters counters,
                                LimitSettings limits, RefreshTokens refreshTokens, TokenSettings tokenSettings, Clock clock,
                                AuditTrail audit, RevokedAccessTokens revokedAccessTokens) {
        this.audit = audit;
        this.revokedAccessTokens = revokedAccessTokens;
        this.refreshTokens = refreshTokens;
        this.tokenSettings = tokenSettings;
        this.grants = grants;
        this.minter = minter;
        this.writes = writes;
        this.counters = counters;
        this.limits = limits;
        this.clock = clock;
    }

    public Tokens redeem(Client client, String deviceCode, String issuer, String sourceIp) {
        return redeem(client, deviceCode, issuer, sourceIp, Dialect.OAUTH);
    }

    /** The device code grant for {@code client}, with {@code dialect}'s slow_down step and refresh rule. */
    public Tokens redeem(Client client, String deviceCode, String issuer, String sourceIp, Dialect dialect) {
        long now = clock.millis();
        // "invalid_grant: The provided authorization grant ... is invalid, expired, revoked ...
        // or was issued to another client." (RFC 6749 §5.2)
        if (!DeviceCode.wellFormed(deviceCode)) {
            throw unknown(client.org(), sourceIp, now);
        }
        Poll poll = grants.poll(DeviceCode.hash(deviceCode), client.org(), client.clientId(), now);
        if (poll instanceof Poll.Unknown) {
            throw unknown(client.org(), sourceIp, now);
        }
        if (poll instanceof Poll.Refused refused) {
            throw refusal(refused, client, sourceIp, now, dialect);
        }
        Poll.Accepted accepted = (Poll.Accepted) poll;
        DeviceGrant grant = accepted.grant();
        return switch (grant.status()) {
            // "authorization_pending: The authorization request is still pending as the end user
            // hasn't yet completed the user-interaction steps" (RFC 8628 §3.5)
            case PENDING -> throw OAuthError.authorizationPending().toException();
            // "access_denied: The authorization request was denied." (RFC 8628 §3.5)
            case DENIED -> throw OAuthError.accessDenied().toException();
            case APPROVED -> mint(grant, client, issuer, now, dialect.sessionRefreshable(), sourceIp);
            case REDEEMED -> throw replay(grant, accepted.unrevoked(), sourceIp, now);
        };
    }

    /**
     * A device code is redeemed once; presenting it again is a replay, so the tokens issued the
     * first time are revoked (SPEC §3.7): the access token, and the refresh token's family with
     * every access token it issued ({@code sid}). Whenever the replay comes: early or on time,
     * before or after the code's lifetime (as long as the grant is stored). Only the first replay
     * writes (then the grant is marked revoked): a replay flood costs one failed poll update each.
     */
    private OAuthException replay(DeviceGrant grant, @Nullable GrantRepository.Issued unrevoked, String sourceIp, long now) {
        if (unrevoked != null) {
            long accessExpiresAt = unrevoked.accessExpiresAt() > 0 ? unrevoked.accessExpiresAt()
                    : unrevoked.redeemedAt() + tokenSettings.accessTokenTtl().toMillis();
            if (accessExpiresAt > now) {
                revokedAccessTokens.revoke(grant.org(), unrevoked.accessJti(), grant.clientId(), accessExpiresAt, now);
            }
            if (unrevoked.refreshFamily() != null) {
                // Every access token of the family carries it (sid): UserInfo refuses them all from now on.
                refreshTokens.revokeFamily(unrevoked.refreshFamily(), "device code replayed", now);
            }
            grants.markRevoked(grant, now);
            audit.record(AuditEvent.of(grant.org(), AuditEventType.REPLAY, now, grant.clientId(), grant.scopes(), sourceIp,
                    null).by(grant.email(), grant.subject()).login(grant.deviceCodeHash()));
        }
        return OAuthError.invalidGrant("The device code has already been used.").toException();
    }

    private OAuthException refusal(Poll.Refused refused, Client client, String sourceIp, long now, Dialect dialect) {
        DeviceGrant grant = refused.grant();
        if (!grant.clientId().equals(client.clientId()) || !grant.org().equals(client.org())) {
            return unknown(client.org(), sourceIp, now);
        }
        // A replay is a replay however soon it comes, and after the code's lifetime too.
        if (grant.status() == GrantStatus.REDEEMED) {
            return replay(grant, refused.unrevoked(), sourceIp, now);
        }
        // "expired_token: The "device_code" has expired, and the device authorization session
        // has concluded." (RFC 8628 §3.5)
        if (grant.expiredAt(now)) {
            return OAuthError.expiredToken().toException();
        }
        // A denial concludes the session: a poll that came early is told so, not asked to slow down.
        if (grant.status() == GrantStatus.DENIED) {
            return OAuthError.accessDenied().toException();
        }
        // A code polled more often than its lifetime and interval allow is finished (RFC 8628 §5.2).
        if (grant.polls() >= grant.pollBudget()) {
            grants.finish(grant, now);
            return OAuthError.expiredToken().toException();
        }
        // "slow_down: ... the interval MUST be increased by 5 seconds for this and all subsequent
        // requests." (RFC 8628 §3.5) WorkOS's paths keep the interval (Dialect.WORKOS).
        int interval = grants.slowDown(grant, now, dialect.slowDownStepSeconds());
        return new OAuthException(OAuthError.slowDown(), interval);
    }

    /**
     * An unknown device code: {@code invalid_grant}, counted per source IP; a source over its
     * budget is told to slow down (429) until its window ends.
     */
    private OAuthException unknown(String org, String sourceIp, long now) {
        Counter counter = new Counter(org, "unknownpoll#ip#" + SourceAddress.key(sourceIp), limits.unknownPollsPerMinute(), 60_000);
        Optional<Long> wait = counters.take(List.of(counter), now);
        if (wait.isPresent()) {
            audit.record(AuditEvent.of(org, AuditEventType.LIMIT_HIT, now, null, List.of(), sourceIp, null)
                    .detail("unknown device codes per source"));
            int seconds = (int) Math.max(1, (wait.get() + 999) / 1000);
            return new OAuthException(new OAuthError(OAuthError.SLOW_DOWN,
                    "Too many unknown device codes from this source; wait before polling again.", 429, null), seconds);
        }
        return OAuthError.invalidGrant("Unknown device code.").toException();
    }

    /**
     * Redeems the grant and signs its tokens at the same time: the conditional transaction goes to
     * DynamoDB on another thread while this one signs (two ES256 signatures, most of a redemption's
     * own time), and the tokens leave only if the transaction moved the grant to REDEEMED. A refresh
     * token, when the client's policy gives one, is stored by that same transaction.
     */
    private Tokens mint(DeviceGrant grant, Client client, String issuer, long now, boolean sessionRefreshable,
                        String sourceIp) {
        AuditEvent redeemed = AuditEvent.of(grant.org(), AuditEventType.REDEEMED, now, grant.clientId(), grant.scopes(),
                sourceIp, null).by(grant.email(), grant.subject()).login(grant.deviceCodeHash());
        String accessTokenId = minter.newTokenId();
        long accessExpiresAt = now + tokenSettings.accessTokenTtl().toMillis();
        RefreshTokens.Issue refresh = client.refreshPolicy().issues(grant.scopes(), sessionRefreshable)
                ? refreshTokens.start(new RefreshGrant("", grant.org(), grant.clientId(), grant.subject(), grant.email(),
                        grant.name(), grant.scopes(), grant.authTime(), grant.emailVerified()),
                        client.refreshIdle() != null ? client.refreshIdle() : tokenSettings.refreshIdleTtl(),
                        client.refreshMax() != null ? client.refreshMax() : tokenSettings.refreshMaxTtl(), now,
                        new FamilyOrigin(grant.clientName(), grant.requesterIp(), grant.requesterAgent(), grant.approvedAt(),
                                grant.approvedIp(), grant.approvedAgent()),
                        accessTokenId, accessExpiresAt)
                : null;
        List<TransactWriteItem> alongside = new ArrayList<>(refresh == null ? List.of() : refresh.writes());
        alongside.add(audit.put(refresh == null ? redeemed : redeemed.detail("with refresh token")));
        Future<GrantRepository.Redemption> stored = writes.submit(() -> grants.redeem(grant, accessTokenId, accessExpiresAt,
                refresh == null ? null : refresh.grant().familyId(), now, alongside));
        TokenMinter.Minted minted;
        try {
            Authorization signed = Authorization.of(grant);
            minted = minter.mint(refresh == null ? signed : signed.inSession(refresh.grant().familyId()), issuer, now,
                    accessTokenId);
        } catch (RuntimeException e) {
            writes.await(stored);   // never leave the transaction running unobserved
            throw e;
        }
        return switch (writes.await(stored)) {
            case REDEEMED -> {
                audit.logged(refresh == null ? redeemed : redeemed.detail("with refresh token"));
                yield minted.tokens().withRefreshToken(refresh == null ? null : refresh.token());
            }
            case NOT_APPROVED -> throw OAuthError.invalidGrant("The device code has already been used.").toException();
            case ACCOUNT_UNAVAILABLE -> throw OAuthError.invalidGrant("The approving account is no longer active.").toException();
        };
    }
}
