package dev.cliauth.device;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** The device authorization response (RFC 8628 §3.2). */
@Serdeable
public record DeviceAuthorizationResponse(
        @JsonProperty("device_code") String deviceCode,
        @JsonProperty("user_code") String userCode,
        @JsonProperty("verification_uri") String verificationUri,
        @JsonProperty("verification_uri_complete") String verificationUriComplete,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("interval") int interval) {

    @Override
    public String toString() {
        return "DeviceAuthorizationResponse[expires_in=" + expiresIn + "]";
    }
}
