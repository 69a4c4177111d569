/**
 * The device grant and its state machine {@code PENDING → APPROVED | DENIED → REDEEMED}
 * (RFC 8628 §3.3–3.5). Every transition is one conditional DynamoDB write; a failed condition
 * is read back ({@code ALL_OLD}) and mapped to a domain outcome. Uses {@code store}.
 */
package dev.cliauth.grant;
