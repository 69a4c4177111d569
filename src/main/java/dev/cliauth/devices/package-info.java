/**
 * "Your devices" (SPEC §13): the CLI sessions (refresh-token families) an account approved, found
 * through the keys-only {@code devices} index, and their revocation. Uses {@code refresh} (what a
 * family records), {@code token} (revoked access tokens) and {@code store}; the verification pages
 * use it.
 */
package dev.cliauth.devices;
