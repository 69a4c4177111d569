/**
 * The verification pages (RFC 8628 §3.3, SPEC §5): code entry, sign-in, the anti-phishing
 * confirmation and the outcome pages, as {@code @Controller}s rendering precompiled JTE templates
 * ({@code src/main/jte}), with signed session cookies and CSRF tokens bound to the session.
 * Renders HTML only, never JSON. Uses {@code web}, {@code account}, {@code grant}, {@code code}.
 */
package dev.cliauth.verification;
