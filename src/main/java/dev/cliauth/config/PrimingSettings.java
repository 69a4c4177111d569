package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * SnapStart priming (README "SnapStart").
 *
 * @param rounds how many times priming sends the function's routes before the snapshot: the first
 *               round runs every request once, later ones repeat all but sign-in, so that the
 *               request path is compiled by the JIT, not only loaded
 */
@ConfigurationProperties("cliauth.priming")
public record PrimingSettings(@Bindable(defaultValue = "100") int rounds) {

    public PrimingSettings {
        Require.between(rounds, 1, 1000, "cliauth.priming.rounds");
    }
}
