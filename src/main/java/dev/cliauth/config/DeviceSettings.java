package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Defaults for device grants; a client may override lifetime and interval (RFC 8628 §3.2).
 *
 * @param codeTtl    lifetime of a device code and its user code
 * @param interval   minimum polling interval
 * @param pollSlack  how much earlier than the interval a poll may arrive without {@code slow_down},
 *                   so network jitter never penalises a client that honours the interval
 */
@ConfigurationProperties("cliauth.device")
public record DeviceSettings(
        @Bindable(defaultValue = "600s") Duration codeTtl,
        @Bindable(defaultValue = "5s") Duration interval,
        @Bindable(defaultValue = "1s") Duration pollSlack) {

    public DeviceSettings {
        Require.positive(codeTtl, "cliauth.device.code-ttl");
        Require.positive(interval, "cliauth.device.interval");
        // pollSlack may be zero; negative durations never convert (StrictConverters).
    }
}
