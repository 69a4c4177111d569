package dev.cliauth.webhook;

import dev.cliauth.audit.AuditEventType;

import java.util.Set;

/**
 * An org's webhook ({@code WEBHOOK#<org>}, readable only by the webhook function).
 *
 * @param url    where events are posted: HTTPS, or HTTP to a loopback address (local mode)
 * @param secret the signing secret, {@code whsec_} and base64 of 32 random bytes (as Standard Webhooks)
 * @param events the lifecycle events it gets besides the security ones, by {@link AuditEventType#id}; {@code all} for every one
 */
public record WebhookConfig(String url, String secret, Set<String> events) {

    /** Security events every configured webhook gets. */
    static final Set<String> SECURITY = Set.of(AuditEventType.NOT_ME.id(), AuditEventType.REUSE_DETECTED.id());

    public WebhookConfig {
        events = Set.copyOf(events);
    }

    /** Whether an event of type {@code event} (its id) goes to this webhook. */
    public boolean delivers(String event) {
        return SECURITY.contains(event) || events.contains("all") || events.contains(event);
    }

    @Override
    public String toString() {
        return "WebhookConfig[url=" + url + ", events=" + events + "]";    // never the secret
    }
}
