package dev.cliauth.token;

import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3).
 *
 * @param accessToken signed RFC 9068 JWT
 * @param expiresIn   access token lifetime in seconds
 * @param scopes      granted scopes
 * @param idToken     signed ID token when {@code openid} was granted
 */
public record Tokens(String accessToken, long expiresIn, List<String> scopes, @Nullable String idToken) {

    public Map<String, Object> toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", expiresIn);
        if (!scopes.isEmpty()) {
            body.put("scope", String.join(" ", scopes));
        }
        if (idToken != null) {
            body.put("id_token", idToken);
        }
        return body;
    }

    @Override
    public String toString() {
        return "Tokens[expiresIn=" + expiresIn + ", scopes=" + scopes + "]";
    }
}
