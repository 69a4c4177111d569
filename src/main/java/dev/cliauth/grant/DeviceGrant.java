package dev.cliauth.grant;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One device authorization request and what became of it.
 *
 * @param deviceCodeHash  base64url SHA-256 of the device code (the key)
 * @param org             tenant
 * @param userCode        user code as the device was told to show it ({@code BCDF-GHJK})
 * @param clientId        client that started it
 * @param clientName      client's display name at the time
 * @param scopes          granted scopes
 * @param status          state
 * @param createdAt       epoch ms
 * @param expiresAt       epoch ms; after it the grant answers {@code expired_token}
 * @param intervalSeconds current polling interval (grows by 5 s per {@code slow_down})
 * @param pollGapMillis   minimum gap between polls (interval less the jitter slack)
 * @param nextPollAt      epoch ms before which a poll is {@code slow_down}
 * @param polls           polls so far
 * @param pollBudget      most polls allowed; past it the code is finished
 * @param requesterIp     source IP of the device authorization request
 * @param requesterAgent  user agent of the device authorization request
 * @param subject         approving account's id
 * @param email           approving account's email
 * @param name            approving account's display name
 * @param approvedAt      epoch ms
 * @param thirdParty      whether the client is another company's app, whose confirmation asks for consent
 * @param authTime        epoch ms the approving user last entered the password ({@code auth_time}); the approval time
 *                        for grants approved before it was recorded
 * @param emailVerified   whether the approving account's email was verified at the approval
 * @param approvedIp      where the approval came from; null before an approval (or one recorded before it was kept)
 * @param approvedAgent   the approving browser's user agent, unverified; null like {@code approvedIp}
 */
public record DeviceGrant(String deviceCodeHash, String org, String userCode, String clientId, String clientName,
                          List<String> scopes, GrantStatus status, long createdAt, long expiresAt,
                          int intervalSeconds, long pollGapMillis, long nextPollAt, long polls, long pollBudget,
                          String requesterIp, String requesterAgent,
                          @Nullable String subject, @Nullable String email, @Nullable String name,
                          long approvedAt, boolean thirdParty, long authTime, boolean emailVerified,
                          @Nullable String approvedIp, @Nullable String approvedAgent) {

    /** A grant without the approval's origin. */
    public DeviceGrant(String deviceCodeHash, String org, String userCode, String clientId, String clientName,
                       List<String> scopes, GrantStatus status, long createdAt, long expiresAt,
                       int intervalSeconds, long pollGapMillis, long nextPollAt, long polls, long pollBudget,
                       String requesterIp, String requesterAgent,
                       @Nullable String subject, @Nullable String email, @Nullable String name,
                       long approvedAt, boolean thirdParty, long authTime, boolean emailVerified) {
        this(deviceCodeHash, org, userCode, clientId, clientName, scopes, status, createdAt, expiresAt, intervalSeconds,
                pollGapMillis, nextPollAt, polls, pollBudget, requesterIp, requesterAgent, subject, email, name, approvedAt,
                thirdParty, authTime, emailVerified, null, null);
    }

    /** A grant whose approval time stands for its auth time. */
    public DeviceGrant(String deviceCodeHash, String org, String userCode, String clientId, String clientName,
                       List<String> scopes, GrantStatus status, long createdAt, long expiresAt,
                       int intervalSeconds, long pollGapMillis, long nextPollAt, long polls, long pollBudget,
                       String requesterIp, String requesterAgent,
                       @Nullable String subject, @Nullable String email, @Nullable String name,
                       long approvedAt, boolean thirdParty) {
        this(deviceCodeHash, org, userCode, clientId, clientName, scopes, status, createdAt, expiresAt, intervalSeconds,
                pollGapMillis, nextPollAt, polls, pollBudget, requesterIp, requesterAgent, subject, email, name, approvedAt,
                thirdParty, approvedAt, false);
    }

    /** A grant of a first-party client. */
    public DeviceGrant(String deviceCodeHash, String org, String userCode, String clientId, String clientName,
                       List<String> scopes, GrantStatus status, long createdAt, long expiresAt,
                       int intervalSeconds, long pollGapMillis, long nextPollAt, long polls, long pollBudget,
                       String requesterIp, String requesterAgent,
                       @Nullable String subject, @Nullable String email, @Nullable String name, long approvedAt) {
        this(deviceCodeHash, org, userCode, clientId, clientName, scopes, status, createdAt, expiresAt, intervalSeconds,
                pollGapMillis, nextPollAt, polls, pollBudget, requesterIp, requesterAgent, subject, email, name, approvedAt,
                false);
    }

    public boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAt;
    }

    /** What the user-code index holds of this grant. */
    public IndexedGrant indexed() {
        return new IndexedGrant(deviceCodeHash, org, userCode, clientName, scopes, status, createdAt, expiresAt,
                requesterIp, requesterAgent, thirdParty);
    }
}
