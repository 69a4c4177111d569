package dev.cliauth.web;

import io.micronaut.http.MutableHttpResponse;

/**
 * How a function answers a request its Lambda adapter refused before routing (a malformed event,
 * invalid base64 or UTF-8, a body over the limit): in the function's own format, OAuth JSON for
 * the API and a page for the browser. One bean per function.
 */
public interface Rejections {

    /** The response for a refused request; {@code reason} is one of the adapter's fixed sentences. */
    MutableHttpResponse<?> rejected(int status, String reason);
}
