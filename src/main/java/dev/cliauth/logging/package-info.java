/**
 * Structured logging on Logback: one JSON object per line on standard output (CloudWatch Logs
 * keeps each line as an event), with the request id from the MDC. {@link LogConfigurator} sets
 * Logback up in code, {@link JsonLineEncoder} writes the lines without exception messages,
 * {@link LevelCaps} keeps library loggers at INFO or above so that no level prints a secret.
 * Nothing here knows about requests; the handlers put the request id in the MDC.
 */
package dev.cliauth.logging;
