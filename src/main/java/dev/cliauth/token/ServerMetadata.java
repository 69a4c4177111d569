package dev.cliauth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Authorization server metadata (RFC 8414 §2), also served as OpenID Connect discovery. */
@Serdeable
public record ServerMetadata(
        @JsonProperty("issuer") String issuer,
        @JsonProperty("device_authorization_endpoint") String deviceAuthorizationEndpoint,
        @JsonProperty("token_endpoint") String tokenEndpoint,
        @JsonProperty("jwks_uri") String jwksUri,
        @JsonProperty("revocation_endpoint") String revocationEndpoint,
        @JsonProperty("revocation_endpoint_auth_methods_supported") List<String> revocationEndpointAuthMethodsSupported,
        @JsonProperty("userinfo_endpoint") String userinfoEndpoint,
        @JsonProperty("grant_types_supported") List<String> grantTypesSupported,
        // Required (RFC 8414 §2, OpenID Connect Discovery §3) even when empty: no authorization endpoint, no response type.
        @JsonProperty("response_types_supported") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> responseTypesSupported,
        @JsonProperty("token_endpoint_auth_methods_supported") List<String> tokenEndpointAuthMethodsSupported,
        @JsonProperty("scopes_supported") List<String> scopesSupported,
        @JsonProperty("subject_types_supported") List<String> subjectTypesSupported,
        @JsonProperty("id_token_signing_alg_values_supported") List<String> idTokenSigningAlgValuesSupported,
        @JsonProperty("claims_supported") List<String> claimsSupported) {
}
