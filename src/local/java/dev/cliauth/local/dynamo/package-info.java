/**
 * cliauth's own DynamoDB-compatible engine, in memory, for tests, local mode and the benchmark:
 * the operations cliauth uses (CreateTable with GSI projections, DescribeTable, UpdateTimeToLive,
 * DescribeTimeToLive, GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, TransactWriteItems),
 * the expression language parsed by a real parser ({@link dev.cliauth.local.dynamo.Parser}), numbers
 * with DynamoDB's 38-digit rules, item sizes and consumed capacity by DynamoDB's documented rules.
 * Served in-process to the SDK ({@link dev.cliauth.local.dynamo.InProcessHttpClient}) or over HTTP on
 * 127.0.0.1 ({@link dev.cliauth.local.dynamo.EngineServer}).
 *
 * <p>Amazon's DynamoDB Local is not used anywhere: its licence is not open source. What this engine
 * must do is pinned by the store conformance suite ({@code dev.cliauth.store.conformance}), which
 * also runs against LocalStack wherever Docker is available. Uses only the JDK and, for the
 * in-process client, the SDK's HTTP SPI; nothing of cliauth.
 */
package dev.cliauth.local.dynamo;
