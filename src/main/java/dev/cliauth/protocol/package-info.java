/**
 * OAuth wire format: strict form parsing, the one error type of the API (RFC 6749 §5.2,
 * RFC 8628 §3.5), its JSON body and rendering, and the API functions' exception handlers. Uses
 * {@code web} and Micronaut's HTTP types; no storage, no tokens.
 */
package dev.cliauth.protocol;
