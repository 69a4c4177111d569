/**
 * HTTP in, HTTP out, without a web framework: the request an endpoint reads, the response it
 * writes, and the route table of a function. The Lambda adapter ({@code dev.cliauth.lambda})
 * builds requests from API Gateway events; endpoints never see the event. Uses only the JDK.
 */
package dev.cliauth.http;
