package dev.cliauth.token;

import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.refresh.RefreshGrant;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * What tokens are signed for: an account's approval of a client for some scopes, from an approved
 * device grant or from a refresh token.
 *
 * @param org      tenant, whose keys sign
 * @param clientId the client ({@code aud} of the ID token, {@code client_id} of the access token)
 * @param subject  the account's id ({@code sub})
 * @param email    the account's email
 * @param name     the account's display name
 * @param scopes   the scopes these tokens carry
 * @param authTime epoch ms of the user's authentication ({@code auth_time})
 * @param emailVerified whether the account's email is verified ({@code email_verified})
 * @param session  the refresh-token family the access token belongs to ({@code sid}), null without one: revoking
 *                 the family revokes every access token it carries
 */
public record Authorization(String org, String clientId, String subject, @Nullable String email, @Nullable String name,
                            List<String> scopes, long authTime, boolean emailVerified, @Nullable String session) {

    public static Authorization of(DeviceGrant grant) {
        return new Authorization(grant.org(), grant.clientId(), grant.subject(), grant.email(), grant.name(), grant.scopes(),
                grant.authTime(), grant.emailVerified(), null);
    }

    public static Authorization of(RefreshGrant grant) {
        return new Authorization(grant.org(), grant.clientId(), grant.subject(), grant.email(), grant.name(), grant.scopes(),
                grant.authTime(), grant.emailVerified(), grant.familyId());
    }

    /** The same, its access token belonging to the refresh-token family {@code familyId}. */
    public Authorization inSession(String familyId) {
        return new Authorization(org, clientId, subject, email, name, scopes, authTime, emailVerified, familyId);
    }
}
