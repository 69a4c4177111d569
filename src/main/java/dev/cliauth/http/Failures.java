package dev.cliauth.http;

/**
 * Renders what did not reach an endpoint or did not end well, in one function's own format:
 * OAuth JSON for the API functions, pages for the verification function. One bean per function.
 */
public interface Failures {

    /** The request was refused before routing (malformed event, bad body, too large). */
    Response rejected(int status, String reason);

    /** No route has this path (404), or none has this method (405, with the methods allowed). */
    Response noRoute(int status, String allow);

    /** The endpoint threw: an expected outcome, a dependency failure, or a bug (never shown). */
    Response failed(Request request, RuntimeException exception);
}
