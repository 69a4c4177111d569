package dev.cliauth.http;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as an endpoint sees it: already checked and normalised by the Lambda adapter
 * (header names in lower case, the body decoded to UTF-8 text within its size limit).
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
public record Request(String method, String path, Map<String, String> headers, List<String> cookies,
                      String rawQuery, String body, String sourceIp, String userAgent, @Nullable String domainName) {

    public Request {
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    /** The value of header {@code name} (any case), or {@code null}. */
    @Nullable
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The first cookie called {@code name}, or {@code null} when absent, empty or over 4 KiB.
     * Surrounding double quotes are removed (RFC 6265 §4.1.1).
     */
    @Nullable
    public String cookie(String name) {
        for (String pair : cookies) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 4096 ? null : value;
            }
        }
        return null;
    }
}
