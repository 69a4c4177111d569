/**
 * Company sign-in (SPEC §6): an org's own OpenID Connect provider signs its people in on the
 * verification pages, with the authorization code flow, PKCE, a nonce and a state bound to the
 * browser; ID tokens are checked as OpenID Connect Core §3.1.3.7 asks, and accounts are created
 * just in time, linked by the provider's {@code sub}.
 */
package dev.cliauth.upstream;
