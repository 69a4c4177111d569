package dev.cliauth.config;

import dev.cliauth.code.UserCodeFormat;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The deployment's defaults for device grants; an org's settings override them and a client's
 * override the org's (RFC 8628 §3.2).
 *
 * @param codeTtl        lifetime of a device code and its user code
 * @param interval       minimum polling interval
 * @param pollSlack      how much earlier than the interval a poll may arrive without {@code slow_down},
 *                       so network jitter never penalises a client that honours the interval
 * @param userCodeFormat {@code alphabet:length:group} ({@link UserCodeFormat#parse}), checked against the entropy floor
 */
@ConfigurationProperties("cliauth.device")
public record DeviceSettings(
        @Bindable(defaultValue = "600s") Duration codeTtl,
        @Bindable(defaultValue = "5s") Duration interval,
        @Bindable(defaultValue = "1s") Duration pollSlack,
        @Bindable(defaultValue = "base20:8:4") String userCodeFormat) {

    public DeviceSettings {
        Require.positive(codeTtl, "cliauth.device.code-ttl");
        Require.positive(interval, "cliauth.device.interval");
        // pollSlack may be zero; negative durations never convert (StrictConverters).
        try {
            UserCodeFormat.parse(userCodeFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cliauth.device.user-code-format: " + e.getMessage());
        }
    }

    /** The deployment's user-code format. */
    public UserCodeFormat format() {
        return UserCodeFormat.parse(userCodeFormat);
    }
}
