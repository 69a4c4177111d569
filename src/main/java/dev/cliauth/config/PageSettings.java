package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Verification page settings. (Password hashes carry their own bcrypt cost; the functions never
 * write one, so there is no cost setting here.)
 *
 * @param sessionTtl  how long a browser stays signed in
 * @param reauthAfter how long after entering the password Approve asks for it again (an org may override)
 * @param sessionKeyRotation how long each org's page-signing key signs before the next one takes over
 *                           (the one before keeps verifying); at least twice the session lifetime
 */
@ConfigurationProperties("cliauth.pages")
public record PageSettings(@Bindable(defaultValue = "30m") Duration sessionTtl,
                           @Bindable(defaultValue = "5m") Duration reauthAfter,
                           @Bindable(defaultValue = "1d") Duration sessionKeyRotation) {

    public PageSettings {
        Require.positive(sessionTtl, "cliauth.pages.session-ttl");
        Require.positive(reauthAfter, "cliauth.pages.reauth-after");
        Require.positive(sessionKeyRotation, "cliauth.pages.session-key-rotation");
        if (sessionKeyRotation.compareTo(sessionTtl.multipliedBy(2)) < 0) {
            // A session signed just before a rotation must outlive it with the previous key.
            throw new IllegalArgumentException("cliauth.pages.session-key-rotation must be at least twice"
                    + " cliauth.pages.session-ttl, got " + sessionKeyRotation + " and " + sessionTtl);
        }
    }
}
