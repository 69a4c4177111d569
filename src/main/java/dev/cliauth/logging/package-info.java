/**
 * Structured logging: an SLF4J 2 provider that writes one JSON object per line to standard
 * output (CloudWatch Logs keeps each line as an event), with the request id from the MDC.
 * Nothing here knows about requests; the handlers put the request id in the MDC.
 */
package dev.cliauth.logging;
