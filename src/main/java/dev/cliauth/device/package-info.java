/**
 * The device authorization endpoint (RFC 8628 §3.1–3.2): parse the request, check the client and
 * scopes, issue a device code and user code. Uses {@code protocol}, {@code client}, {@code code},
 * {@code grant}.
 */
package dev.cliauth.device;
