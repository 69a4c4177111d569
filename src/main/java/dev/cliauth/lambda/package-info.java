/**
 * The three Lambda entry points (API Gateway HTTP API, payload 2.0) and the thin adapter that
 * fixes the payload's traps before and after Micronaut routes the request. Each handler starts a
 * context with its own environment, so it creates only the beans its routes need.
 */
package dev.cliauth.lambda;
