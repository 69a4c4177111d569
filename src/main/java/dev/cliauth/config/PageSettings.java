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
 */
@ConfigurationProperties("cliauth.pages")
public record PageSettings(@Bindable(defaultValue = "30m") Duration sessionTtl,
                           @Bindable(defaultValue = "5m") Duration reauthAfter) {

    public PageSettings {
        Require.positive(sessionTtl, "cliauth.pages.session-ttl");
        Require.positive(reauthAfter, "cliauth.pages.reauth-after");
    }
}
