/**
 * What every endpoint needs of an HTTP request, as plain values: the checked request
 * ({@link dev.cliauth.web.WebRequest}), the public URLs of the deployment, and the contract for
 * answering requests the Lambda adapter refused. Domain packages use this package, never the
 * Lambda adapter ({@code dev.cliauth.lambda}). Uses Micronaut's HTTP types and {@code config}.
 */
package dev.cliauth.web;
