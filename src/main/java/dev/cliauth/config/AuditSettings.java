package dev.cliauth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The audit trail.
 *
 * @param retention how long an event's item is kept when its org sets no retention of its own
 */
@ConfigurationProperties("cliauth.audit")
public record AuditSettings(@Bindable(defaultValue = "90d") Duration retention) {

    public AuditSettings {
        Require.positive(retention, "cliauth.audit.retention");
    }
}
