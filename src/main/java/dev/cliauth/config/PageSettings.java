package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Verification page settings.
 *
 * @param sessionTtl  how long a browser stays signed in
 * @param bcryptCost  cost of new password hashes (verification uses the cost stored in the hash)
 */
@ConfigurationProperties("cliauth.pages")
public record PageSettings(
        @Bindable(defaultValue = "30m") Duration sessionTtl,
        @Bindable(defaultValue = "10") int bcryptCost) {
}
