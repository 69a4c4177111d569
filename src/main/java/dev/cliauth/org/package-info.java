/**
 * Orgs (tenants, SPEC §2, §8): which org a request is for, from its path ({@code /orgs/{orgId}/...},
 * un-prefixed paths serve {@code default}), and the stored org record. Uses {@code store} and
 * {@code web}; every function uses it.
 */
package dev.cliauth.org;
