package dev.cliauth.grant;

import java.util.List;

/**
 * A grant as the sparse user-code index shows it: what the verification page needs to find a
 * code and confirm it, and none of the poll state a poll rewrites (so a poll costs no index
 * write). Read eventually consistently; a decision is a conditional write on the grant itself.
 *
 * @param deviceCodeHash base64url SHA-256 of the device code (the grant's key)
 * @param org            tenant
 * @param userCode       user code as the device was told to show it ({@code BCDF-GHJK})
 * @param clientName     client's display name at the time
 * @param scopes         requested scopes
 * @param status         state when the index was written
 * @param createdAt      epoch ms
 * @param expiresAt      epoch ms
 * @param requesterIp    source IP of the device authorization request
 * @param requesterAgent user agent of the device authorization request
 * @param thirdParty     whether the client is another company's app (the confirmation asks for consent)
 */
public record IndexedGrant(String deviceCodeHash, String org, String userCode, String clientName, List<String> scopes,
                           GrantStatus status, long createdAt, long expiresAt, String requesterIp,
                           String requesterAgent, boolean thirdParty) {

    public IndexedGrant {
        scopes = List.copyOf(scopes);
    }

    public boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAt;
    }
}
