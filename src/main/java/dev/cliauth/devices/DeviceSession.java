package dev.cliauth.devices;

import dev.cliauth.refresh.FamilyOrigin;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One CLI session a user approved, as "your devices" lists it (SPEC §13): a live refresh-token
 * family and where it came from.
 *
 * @param familyId      the family's id (random, 128 bits); what a revoke names
 * @param clientId      the application's id
 * @param origin        the application's name, the device's request and the approval
 * @param scopes        what it was granted
 * @param subject       the owning account's id
 * @param email         the owning account's email
 * @param lastRefreshAt epoch ms of the last refresh, 0 for none yet
 */
public record DeviceSession(String familyId, String clientId, FamilyOrigin origin, List<String> scopes, String subject,
                            String email, long lastRefreshAt) {

    public DeviceSession {
        scopes = List.copyOf(scopes);
    }

    /** The last refresh, or null when the device has not refreshed yet. */
    public @Nullable Long lastRefresh() {
        return lastRefreshAt == 0 ? null : lastRefreshAt;
    }
}
