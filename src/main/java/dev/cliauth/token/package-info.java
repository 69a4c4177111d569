/**
 * The token endpoint (RFC 6749 §5, RFC 8628 §3.4–3.5), token minting (RFC 9068 access tokens,
 * OpenID Connect ID tokens) and the discovery documents (RFC 8414, JWKS). Uses {@code protocol},
 * {@code client}, {@code grant}, {@code keys}.
 */
package dev.cliauth.token;
