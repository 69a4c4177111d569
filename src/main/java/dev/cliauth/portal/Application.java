package dev.cliauth.portal;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * An application (a client, SPEC §8) as the portal edits it; durations in seconds, 0 for "the org's".
 *
 * @param clientId       its id
 * @param name           shown on the confirmation page
 * @param confidential   whether it has a secret
 * @param thirdParty     another company's app (its users are asked for consent)
 * @param scopes         what it may ask for
 * @param refreshPolicy  {@code always}, {@code offline_access} or {@code never}
 * @param codeTtlSeconds device-code lifetime, 0 for the org's
 * @param intervalSeconds polling interval, 0 for the org's
 * @param userCodeFormat {@code alphabet:length:group}, or null for the org's
 * @param disabled       a disabled application starts no login and redeems no code
 * @param secretVersion  counts its secrets (the rotate form names the one it replaces); 0 when public
 */
public record Application(String clientId, String name, boolean confidential, boolean thirdParty, List<String> scopes,
                          String refreshPolicy, long codeTtlSeconds, long intervalSeconds, @Nullable String userCodeFormat,
                          boolean disabled, long secretVersion) {

    public Application {
        scopes = List.copyOf(scopes);
    }
}
