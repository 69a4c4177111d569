package dev.cliauth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The UserInfo response (OpenID Connect Core §5.3.2): {@code sub}, and claims by scope (§5.4). */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserInfo(
        @JsonProperty("sub") String sub,
        @JsonProperty("email") @Nullable String email,
        @JsonProperty("email_verified") @Nullable Boolean emailVerified,
        @JsonProperty("name") @Nullable String name) {
}
