/**
 * Built-in accounts (SPEC §6): the stored record, its repository and bcrypt password checks.
 * Used by the verification function only. Uses {@code store}.
 */
package dev.cliauth.account;
