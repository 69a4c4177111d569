/**
 * {@code cliauth-admin}: the operators' command-line tool for orgs, clients and users, talking to
 * the table with the operator's AWS credentials (or to the local engine of local mode). Compiled
 * with the tests, never in the Lambda artifact; run by {@code infra/cliauth-admin}. Uses
 * {@code store}, {@code org}, {@code account} and {@code code} for keys, ids and hashes, so what it
 * writes is what the functions read.
 */
package dev.cliauth.admin;
