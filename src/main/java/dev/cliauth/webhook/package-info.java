/**
 * Org webhooks (SPEC §8, §13): each org may name one HTTPS endpoint and which audit events it gets
 * ("this wasn't me" always). Events reach it from the table's stream, signed as Standard Webhooks
 * do (HMAC-SHA256 over id, timestamp and body), retried with backoff. Uses {@code store},
 * {@code config} and {@code audit} names; never the verification pages, which do not wait on it.
 */
package dev.cliauth.webhook;
