package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Token lifetimes and audience (RFC 9068).
 *
 * @param accessTokenTtl lifetime of access tokens
 * @param idTokenTtl     lifetime of ID tokens
 * @param audience       the {@code aud} of access tokens; the client id when unset
 * @param refreshIdleTtl how long a refresh token may go unused before it dies (sliding; a client may override)
 * @param refreshMaxTtl  how long a refresh-token family lives at most, however often used (a client may override)
 * @param signingKeyRotation     how long an org's signing key signs before the next one takes over
 * @param signingKeyPublishAhead how long the next key is in the JWKS before it signs (longer than any JWKS cache)
 */
@ConfigurationProperties("cliauth.token")
public record TokenSettings(
        @Bindable(defaultValue = "1h") Duration accessTokenTtl,
        @Bindable(defaultValue = "1h") Duration idTokenTtl,
        @Nullable String audience,
        @Bindable(defaultValue = "30d") Duration refreshIdleTtl,
        @Bindable(defaultValue = "90d") Duration refreshMaxTtl,
        @Bindable(defaultValue = "90d") Duration signingKeyRotation,
        @Bindable(defaultValue = "1h") Duration signingKeyPublishAhead) {

    public TokenSettings {
        Require.positive(accessTokenTtl, "cliauth.token.access-token-ttl");
        Require.positive(idTokenTtl, "cliauth.token.id-token-ttl");
        Require.positive(refreshIdleTtl, "cliauth.token.refresh-idle-ttl");
        Require.positive(refreshMaxTtl, "cliauth.token.refresh-max-ttl");
        Require.positive(signingKeyRotation, "cliauth.token.signing-key-rotation");
        Require.positive(signingKeyPublishAhead, "cliauth.token.signing-key-publish-ahead");
        if (signingKeyPublishAhead.compareTo(Duration.ofMinutes(10)) < 0
                || signingKeyPublishAhead.compareTo(signingKeyRotation.dividedBy(2)) > 0) {
            // JWKS answers are cached 5 minutes and instances re-read keys every 5 minutes.
            throw new IllegalArgumentException("cliauth.token.signing-key-publish-ahead must be at least 10m and at most"
                    + " half of cliauth.token.signing-key-rotation, got " + signingKeyPublishAhead);
        }
    }

    /** How long a retired key stays published: until every token it signed has expired. */
    public Duration longestTokenTtl() {
        return accessTokenTtl.compareTo(idTokenTtl) >= 0 ? accessTokenTtl : idTokenTtl;
    }
}
