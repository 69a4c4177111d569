package dev.cliauth.refresh;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * What a refresh token stands for: who approved which client, for which scopes, and when they
 * signed in; stored with every token of a family.
 *
 * @param familyId   the family the token belongs to (the tokens of one login, RFC 9700 §4.14.2)
 * @param org        tenant
 * @param clientId   the client it was issued to; no other client can use it
 * @param subject    the account's id
 * @param email      the account's email (its key)
 * @param name       the account's display name at the approval
 * @param scopes     the scopes granted at the approval; a refresh may ask for fewer, never more
 * @param authTime   epoch ms of the user's authentication
 * @param emailVerified whether the account's email was verified at the approval
 */
public record RefreshGrant(String familyId, String org, String clientId, String subject, String email,
                           @Nullable String name, List<String> scopes, long authTime, boolean emailVerified) {
}
