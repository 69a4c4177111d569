/**
 * Device codes and user codes (RFC 8628 §6.1, §5.1): generation from an injected
 * {@link java.security.SecureRandom}, hashing, formatting and normalising. Pure Java.
 */
package dev.cliauth.code;
