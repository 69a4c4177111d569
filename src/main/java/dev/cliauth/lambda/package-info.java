/**
 * The three Lambda entry points (API Gateway HTTP API, payload 2.0) and the adapter between the
 * payload and {@code dev.cliauth.http}: checks and decodes the event, builds the request, and
 * writes the response back with every {@code Set-Cookie} in {@code cookies[]}. Each handler
 * starts a Micronaut context with its own environment, so it creates only the beans its routes need.
 */
package dev.cliauth.lambda;
