/**
 * OAuth clients: the stored record, its repository (with a short in-memory cache) and client
 * authentication at the token endpoints (RFC 6749 §2.3). Uses {@code store} and {@code protocol}.
 */
package dev.cliauth.client;
