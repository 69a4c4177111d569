/**
 * Token signing keys (RFC 7517, RFC 7518 ES256): generated on first use, stored in the table
 * ({@code KEYS#org}, readable only by the token function), cached in memory, published as a JWKS.
 * Uses {@code store} and Nimbus JOSE+JWT.
 */
package dev.cliauth.keys;
