package dev.cliauth.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as an endpoint reads it: checked and normalised by the Lambda adapter before
 * Micronaut routed it (header names in lower case, the body decoded to UTF-8 text within its size
 * limit, every cookie pair of {@code cookies[]} and {@code Cookie} headers). Endpoints declare it
 * as a controller argument; it carries nothing of the Lambda event itself.
 *
 * @param method     the HTTP method, upper case
 * @param path       the request path as API Gateway routed it, still percent-encoded
 * @param headers    header values by lower-case name
 * @param cookies    the request's {@code name=value} cookie pairs, in order
 * @param rawQuery   the query string, still percent-encoded ({@code ""} when none)
 * @param body       the body as text ({@code ""} when none)
 * @param sourceIp   the address API Gateway saw the connection from; never {@code X-Forwarded-For}
 * @param userAgent  the user agent as API Gateway recorded it, at most 256 characters
 * @param domainName the public domain name the request arrived on, when known
 */
public record WebRequest(String method, String path, Map<String, String> headers, List<String> cookies,
                         String rawQuery, String body, String sourceIp, String userAgent, @Nullable String domainName) {

    public WebRequest {
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    /** What Micronaut routes and carries the checked request: the Lambda adapter's event. */
    public interface Carrier {
        WebRequest webRequest();
    }

    /**
     * The checked request behind Micronaut's {@code request}: for endpoints (as a bound argument)
     * and for exception handlers, which get only Micronaut's request. Empty for a request that did
     * not come through the adapter.
     */
    public static Optional<WebRequest> of(HttpRequest<?> request) {
        return request instanceof ServletHttpRequest<?, ?> servlet && servlet.getNativeRequest() instanceof Carrier carrier
                ? Optional.of(carrier.webRequest()) : Optional.empty();
    }

    /** The value of header {@code name} (any case), or {@code null}. */
    @Nullable
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The cookie called {@code name}, or {@code null} when absent, empty, over 4 KiB, or sent more
     * than once: two cookies of one name mean another site or path set one of them, and neither
     * can be trusted to be ours. Surrounding double quotes are removed (RFC 6265 §4.1.1).
     */
    @Nullable
    public String cookie(String name) {
        String found = null;
        for (String pair : cookies) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                if (found != null) {
                    return null;
                }
                found = pair.substring(eq + 1).trim();
            }
        }
        if (found != null && found.length() >= 2 && found.startsWith("\"") && found.endsWith("\"")) {
            found = found.substring(1, found.length() - 1);
        }
        return found == null || found.isEmpty() || found.length() > 4096 ? null : found;
    }

    @Override
    public String toString() {
        return "WebRequest[" + method + " " + path + "]";
    }
}
