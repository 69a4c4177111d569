/**
 * The audit trail (SPEC §13): every lifecycle event of a login as a structured log line and an item
 * kept for the org's retention, outliving the grant.
 */
package dev.cliauth.audit;
