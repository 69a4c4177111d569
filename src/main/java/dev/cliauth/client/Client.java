package dev.cliauth.client;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.refresh.RefreshPolicy;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * A registered client (RFC 6749 §2).
 *
 * @param org           tenant the client belongs to
 * @param clientId      public identifier
 * @param name          shown to the user on the confirmation screen
 * @param secretSha256  base64url SHA-256 of the secret of a confidential client; null when public
 * @param scopes        scopes the client may request
 * @param codeTtl       device code lifetime, or null for the deployment default
 * @param interval      polling interval, or null for the deployment default
 * @param disabled      a disabled client can start no login and redeem no code
 * @param refreshPolicy whether it gets refresh tokens (SPEC §7)
 * @param refreshIdle   how long a refresh token lives unused, or null for the deployment default
 * @param refreshMax    how long a refresh-token family lives at most, or null for the deployment default
 * @param thirdParty    another company's app: its confirmation page asks the user for consent (SPEC §8)
 * @param userCodeFormat its user codes' format, or null for the org's (else the deployment's)
 */
public record Client(String org, String clientId, String name, @Nullable String secretSha256, List<String> scopes,
                     @Nullable Duration codeTtl, @Nullable Duration interval, boolean disabled,
                     RefreshPolicy refreshPolicy, @Nullable Duration refreshIdle, @Nullable Duration refreshMax,
                     boolean thirdParty, @Nullable UserCodeFormat userCodeFormat) {

    /** A client with the org's user-code format. */
    public Client(String org, String clientId, String name, @Nullable String secretSha256, List<String> scopes,
                  @Nullable Duration codeTtl, @Nullable Duration interval, boolean disabled,
                  RefreshPolicy refreshPolicy, @Nullable Duration refreshIdle, @Nullable Duration refreshMax,
                  boolean thirdParty) {
        this(org, clientId, name, secretSha256, scopes, codeTtl, interval, disabled, refreshPolicy, refreshIdle,
                refreshMax, thirdParty, null);
    }

    public boolean isPublic() {
        return secretSha256 == null;
    }
}
