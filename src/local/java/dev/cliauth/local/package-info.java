/**
 * Local mode: the real handlers behind a loopback HTTP server, routes read from
 * {@code template.yaml}, each request turned into a payload-2.0 event, cliauth's own DynamoDB engine
 * in-process ({@code dev.cliauth.local.dynamo}; Amazon's DynamoDB Local is not used, its licence is
 * not open source). Compiled with the tests, so none of it reaches the Lambda artifact.
 */
package dev.cliauth.local;
