/**
 * The org portal (SPEC §8): an org's admins manage its applications (device-code settings,
 * secrets), settings, accounts and read its audit trail, on pages hardened as the verification
 * pages are ({@code verification}'s browser state, CSRF tokens, renderer and templates). Served by
 * its own function, whose writes the device-approval path cannot make. Uses {@code verification},
 * {@code account}, {@code audit}, {@code client}, {@code org}, {@code store}.
 */
package dev.cliauth.portal;
