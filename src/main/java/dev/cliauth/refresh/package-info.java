/**
 * Refresh tokens (RFC 6749 §6, SPEC §7): opaque, 256 random bits, stored as their SHA-256, bound
 * to org, client, user and scopes, rotated on every use, and grouped in families whose every
 * token dies when a rotated one is presented again (RFC 9700 §4.14.2). Uses {@code store},
 * {@code code} and {@code client}; only the token function has it.
 */
package dev.cliauth.refresh;
