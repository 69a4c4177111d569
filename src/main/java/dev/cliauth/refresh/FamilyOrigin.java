package dev.cliauth.refresh;

import io.micronaut.core.annotation.Nullable;

/**
 * Where a refresh-token family came from, kept on the family so "your devices" (SPEC §13) can show
 * it long after the grant's own item is gone: the application as the user saw it, the device's
 * request (its IP and user agent, unverified) and the approval (when, and from which browser).
 *
 * @param clientName     the application's name at the approval
 * @param requesterIp    the device's source IP
 * @param requesterAgent the device's user agent, as it said of itself
 * @param approvedAt     epoch ms of the approval
 * @param approvedIp     the approving browser's source IP; null when not recorded
 * @param approvedAgent  the approving browser's user agent; null when not recorded
 */
public record FamilyOrigin(String clientName, String requesterIp, String requesterAgent, long approvedAt,
                           @Nullable String approvedIp, @Nullable String approvedAgent) {
}
