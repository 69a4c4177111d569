package dev.cliauth.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The JSON body of an OAuth error (RFC 6749 §5.2), with the new {@code interval} of
 * {@code slow_down} (RFC 8628 §3.5).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthErrorBody(
        @JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription,
        @JsonProperty("error_uri") @Nullable String errorUri,
        @JsonProperty("interval") @Nullable Integer interval) {

    public static OAuthErrorBody of(OAuthError error, @Nullable Integer interval) {
        return new OAuthErrorBody(error.code(), error.description(), error.uri(), interval);
    }
}
