package dev.cliauth.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response: status, headers (one value each; a later value replaces an earlier one),
 * {@code Set-Cookie} values kept apart (API Gateway payload 2.0 carries them in {@code cookies[]}),
 * and a text body.
 */
public final class Response {

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private String body = "";

    private Response(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        this.status = status;
    }

    public static Response status(int status) {
        return new Response(status);
    }

    public static Response ok(String body) {
        return new Response(200).body(body);
    }

    /** Sets header {@code name}; {@code Set-Cookie} is refused here, use {@link #cookie}. */
    public Response header(String name, String value) {
        if (name.equalsIgnoreCase("set-cookie")) {
            throw new IllegalArgumentException("use cookie(...) for Set-Cookie");
        }
        headers.put(name, value);
        return this;
    }

    /** Adds one {@code Set-Cookie} value. */
    public Response cookie(String setCookie) {
        cookies.add(setCookie);
        return this;
    }

    public Response body(String text) {
        this.body = text == null ? "" : text;
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public List<String> cookies() {
        return Collections.unmodifiableList(cookies);
    }

    public String body() {
        return body;
    }
}
