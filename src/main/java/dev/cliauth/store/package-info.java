/**
 * DynamoDB access shared by every function: the client factory, key names of the single table,
 * attribute helpers and the mapping of SDK failures to {@link dev.cliauth.protocol.DependencyFailure}.
 * Repositories of each concern live in their own package and use these.
 */
package dev.cliauth.store;
