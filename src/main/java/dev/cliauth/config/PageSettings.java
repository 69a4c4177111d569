package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Verification page settings. (Password hashes carry their own bcrypt cost; the functions never
 * write one, so there is no cost setting here.)
 *
 * @param sessionTtl how long a browser stays signed in
 */
@ConfigurationProperties("cliauth.pages")
public record PageSettings(@Bindable(defaultValue = "30m") Duration sessionTtl) {

    public PageSettings {
        Require.positive(sessionTtl, "cliauth.pages.session-ttl");
    }
}
