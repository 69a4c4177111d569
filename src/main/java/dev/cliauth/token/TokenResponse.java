package dev.cliauth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3). */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("scope") @Nullable String scope,
        @JsonProperty("id_token") @Nullable String idToken,
        @JsonProperty("refresh_token") @Nullable String refreshToken) {

    public static TokenResponse of(Tokens tokens) {
        return new TokenResponse(tokens.accessToken(), "Bearer", tokens.expiresIn(),
                tokens.scopes().isEmpty() ? null : String.join(" ", tokens.scopes()), tokens.idToken(), tokens.refreshToken());
    }

    @Override
    public String toString() {
        return "TokenResponse[expires_in=" + expiresIn + ", scope=" + scope + "]";
    }
}
