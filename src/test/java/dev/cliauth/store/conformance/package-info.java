/**
 * The store conformance suite: every DynamoDB behaviour cliauth relies on, each test citing the
 * DynamoDB API Reference (or, where the reference is silent, the Developer Guide) sentence it checks.
 * Every test runs against two targets ({@link dev.cliauth.store.conformance.StoreTargets}): cliauth's
 * own engine (always) and LocalStack through Testcontainers, the reference, wherever a Docker engine
 * answers; without one the LocalStack run of each test is reported as skipped, with the reason.
 * Tables are created from template.yaml.
 */
package dev.cliauth.store.conformance;
