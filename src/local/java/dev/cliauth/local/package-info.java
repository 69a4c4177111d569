/**
 * Local mode: the real handlers behind a loopback HTTP server, routes read from
 * {@code template.yaml}, each request turned into a payload-2.0 event, DynamoDB Local in-process.
 * Compiled with the tests, so none of it (nor DynamoDB Local) reaches the Lambda artifact.
 */
package dev.cliauth.local;
