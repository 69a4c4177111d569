/**
 * OAuth wire format: strict form parsing, the one error type of the API (RFC 6749 §5.2,
 * RFC 8628 §3.5), its JSON rendering and the API functions' failure renderer. Uses
 * {@code dev.cliauth.http} only; no storage, no tokens.
 */
package dev.cliauth.protocol;
