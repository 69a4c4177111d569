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
 */
@ConfigurationProperties("cliauth.token")
public record TokenSettings(
        @Bindable(defaultValue = "1h") Duration accessTokenTtl,
        @Bindable(defaultValue = "1h") Duration idTokenTtl,
        @Nullable String audience,
        @Bindable(defaultValue = "30d") Duration refreshIdleTtl,
        @Bindable(defaultValue = "90d") Duration refreshMaxTtl) {

    public TokenSettings {
        Require.positive(accessTokenTtl, "cliauth.token.access-token-ttl");
        Require.positive(idTokenTtl, "cliauth.token.id-token-ttl");
        Require.positive(refreshIdleTtl, "cliauth.token.refresh-idle-ttl");
        Require.positive(refreshMaxTtl, "cliauth.token.refresh-max-ttl");
    }
}
