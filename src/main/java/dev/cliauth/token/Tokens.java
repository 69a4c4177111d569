package dev.cliauth.token;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The tokens minted for a grant; {@link TokenResponse} is how the client sees them.
 *
 * @param accessToken signed RFC 9068 JWT
 * @param expiresIn   access token lifetime in seconds
 * @param scopes      granted scopes
 * @param idToken     signed ID token when {@code openid} was granted
 * @param refreshToken opaque refresh token, when the client's policy gives one
 * @param authorization who and what the tokens are for (the WorkOS dialect shows the user)
 */
public record Tokens(String accessToken, long expiresIn, List<String> scopes, @Nullable String idToken,
                     @Nullable String refreshToken, Authorization authorization) {

    public Tokens withRefreshToken(@Nullable String token) {
        return new Tokens(accessToken, expiresIn, scopes, idToken, token, authorization);
    }

    @Override
    public String toString() {
        return "Tokens[expiresIn=" + expiresIn + ", scopes=" + scopes + "]";
    }
}
