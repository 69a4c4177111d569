package dev.cliauth.lambda;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;

/**
 * Reads one cookie from every {@code Cookie} header value. Micronaut without Netty parses only the
 * first pair of a header, so cookies are read here instead.
 */
public final class Cookies {

    private Cookies() {
    }

    @Nullable
    public static String get(HttpRequest<?> request, String name) {
        for (String header : request.getHeaders().getAll("cookie")) {
            String value = find(header, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    @Nullable
    static String find(String header, String name) {
        for (String pair : header.split(";")) {
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
