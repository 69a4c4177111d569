/**
 * The three Lambda entry points: Micronaut's API Gateway proxy for payload 2.0
 * ({@code APIGatewayV2HTTPEventFunction}), each in its own environment so it creates only its
 * beans, and the small adapters that fix what that proxy gets wrong for payload 2.0: the event is
 * checked before routing ({@link dev.cliauth.lambda.Payload2Request}: every cookie pair, the raw
 * form body, clean 400/413 for malformed input), endpoints receive it as a
 * {@link dev.cliauth.web.WebRequest}, every {@code Set-Cookie} reaches {@code cookies[]}
 * ({@link dev.cliauth.lambda.Payload2Response}), and no bean is registered per invocation.
 * Nothing outside this package imports it.
 */
package dev.cliauth.lambda;
