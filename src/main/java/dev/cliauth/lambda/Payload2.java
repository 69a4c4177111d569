package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fixes the traps of API Gateway payload 2.0 around Micronaut's adapter:
 * <ul>
 *   <li>request cookies arrive in {@code cookies[]}, which Micronaut ignores: they are joined into
 *       one {@code cookie} header (read with {@link Cookies}, which parses every pair);</li>
 *   <li>a path that is not a valid URI path, header names that are not tokens and values with
 *       control characters are a clean 400: Micronaut would fail to build the request and throw
 *       or answer a bare 500; {@code Accept-Charset}, {@code Accept-Language}, {@code Forwarded}
 *       and {@code X-Forwarded-Host}, which nothing here uses and Micronaut fails to parse while
 *       routing, are dropped;</li>
 *   <li>base64 bodies are decoded here, so invalid base64 or non-UTF-8 is a clean 400, and
 *       oversized bodies a 413, before any routing;</li>
 *   <li>several {@code Set-Cookie} headers collapse into one unless moved to {@code cookies[]};
 *       multi-value headers, which payload 2.0 does not support, are joined.</li>
 * </ul>
 */
public final class Payload2 {

    /** Largest request body accepted, in bytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private Payload2() {
    }

    /** A rejected event: status and a short reason for the client. */
    public record Rejection(int status, String reason) {
    }

    /** Normalises {@code event} in place; returns a rejection when it cannot be served. */
    @Nullable
    public static Rejection prepare(@Nullable APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                || event.getRequestContext().getHttp().getPath() == null
                || event.getRequestContext().getHttp().getMethod() == null) {
            return new Rejection(400, "The request is malformed.");
        }
        if (!isPath(event.getRequestContext().getHttp().getPath())) {
            return new Rejection(400, "The request path is malformed.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
                if (header.getKey() == null || header.getValue() == null) {
                    continue;
                }
                String value = trimWhitespace(header.getValue());
                if (!isToken(header.getKey()) || !isFieldValue(value)) {
                    return new Rejection(400, "The request headers are malformed.");
                }
                headers.put(header.getKey().toLowerCase(Locale.ROOT), value);
            }
        }
        // Micronaut reads both while matching a route (the request's charset and locale) and throws
        // ArrayIndexOutOfBounds on values such as ";" or ",". The functions read UTF-8 bodies, answer
        // in UTF-8 and in English: nothing here uses either. Parse them in the app if that changes.
        headers.remove("accept-charset");
        headers.remove("accept-language");
        // Sent by the client and passed on by API Gateway, so never trusted here (the public URL
        // comes from the configured issuer or the request context). Micronaut's CORS filter parses
        // them for any request with an Origin and throws on "a:" or "host=a:b": a 500.
        headers.remove("forwarded");
        headers.remove("x-forwarded-host");
        if (event.getCookies() != null && !event.getCookies().isEmpty()) {
            List<String> pairs = new ArrayList<>();
            for (String cookie : event.getCookies()) {
                String pair = cookie == null ? "" : trimWhitespace(cookie);
                if (!isFieldValue(pair)) {
                    return new Rejection(400, "The request cookies are malformed.");
                }
                if (!pair.isEmpty()) {
                    pairs.add(pair);
                }
            }
            if (!pairs.isEmpty()) {
                headers.merge("cookie", String.join("; ", pairs), (a, b) -> a + "; " + b);
            }
        }
        event.setHeaders(headers);
        String body = event.getBody();
        if (body != null) {
            if (event.getIsBase64Encoded()) {
                // Cheap bound before decoding; the decoded size is checked exactly below.
                if (body.length() > MAX_BODY_BYTES * 4 / 3 + 4) {
                    return new Rejection(413, "The request body is too large.");
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(body);
                } catch (IllegalArgumentException e) {
                    return new Rejection(400, "The request body is not valid base64.");
                }
                if (bytes.length > MAX_BODY_BYTES) {
                    return new Rejection(413, "The request body is too large.");
                }
                String text = utf8(bytes);
                if (text == null) {
                    return new Rejection(400, "The request body is not valid UTF-8.");
                }
                event.setBody(text);
                event.setIsBase64Encoded(false);
            } else if (body.length() > MAX_BODY_BYTES || utf8Length(body) > MAX_BODY_BYTES) {
                return new Rejection(413, "The request body is too large.");
            }
        }
        return null;
    }

    /** Moves every {@code Set-Cookie} into {@code cookies[]} and flattens multi-value headers. */
    public static APIGatewayV2HTTPResponse finish(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        if (response.getCookies() != null) {
            cookies.addAll(response.getCookies());
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if ("set-cookie".equalsIgnoreCase(name)) {
                    cookies.addAll(values);
                } else if (values != null && !values.isEmpty()) {
                    headers.put(name, String.join(", ", values));
                }
            });
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                if ("set-cookie".equalsIgnoreCase(name)) {
                    if (!cookies.contains(value)) {
                        cookies.add(value);
                    }
                } else {
                    headers.putIfAbsent(name, value);
                }
            });
        }
        response.setHeaders(headers);
        response.setMultiValueHeaders(null);
        response.setCookies(cookies.isEmpty() ? null : cookies);
        return response;
    }

    /** The API Gateway event behind a Micronaut request, when there is one. */
    @Nullable
    public static APIGatewayV2HTTPEvent event(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event) {
            return event;
        }
        return null;
    }

    /** Source IP as API Gateway saw the connection; never {@code X-Forwarded-For}. */
    public static String sourceIp(HttpRequest<?> request) {
        APIGatewayV2HTTPEvent event = event(request);
        String ip = event == null ? null : event.getRequestContext().getHttp().getSourceIp();
        return ip == null ? "unknown" : ip;
    }

    /** User agent as API Gateway recorded it. */
    public static String userAgent(HttpRequest<?> request) {
        APIGatewayV2HTTPEvent event = event(request);
        String agent = event == null ? null : event.getRequestContext().getHttp().getUserAgent();
        if (agent == null) {
            agent = request.getHeaders().get("user-agent");
        }
        return agent == null ? "" : agent.length() > 256 ? agent.substring(0, 256) : agent;
    }

    /** The public domain name the request came in on. */
    @Nullable
    public static String domainName(HttpRequest<?> request) {
        APIGatewayV2HTTPEvent event = event(request);
        return event == null ? null : event.getRequestContext().getDomainName();
    }

    /** The raw (still encoded) query string. */
    public static String rawQuery(HttpRequest<?> request) {
        APIGatewayV2HTTPEvent event = event(request);
        String query = event == null ? null : event.getRawQueryString();
        return query == null ? "" : query;
    }

    /** The request body as text; {@link #prepare} has already decoded base64. */
    public static String body(HttpRequest<?> request) {
        APIGatewayV2HTTPEvent event = event(request);
        String body = event == null ? null : event.getBody();
        return body == null ? "" : body;
    }

    /**
     * An absolute path of RFC 3986 §3.3 characters, with well-formed percent-escapes. Micronaut
     * builds the request URI from it and throws out of the handler on anything else (a space, a
     * {@code %zz}, a {@code "}), which Lambda reports as an error; {@code ?} and {@code #} would
     * start a query or fragment inside the path.
     */
    private static boolean isPath(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || !isHexDigit(path.charAt(i + 1)) || !isHexDigit(path.charAt(i + 2))) {
                    return false;
                }
                i += 2;
                continue;
            }
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /**
     * A header name is a token (RFC 9110 §5.1). Micronaut refuses to build the headers of a request
     * with any other name, and then cannot even render an error: a bare 500.
     */
    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A field value without control characters other than HTAB (RFC 9110 §5.5: CR, LF and NUL
     * must be rejected); Micronaut refuses the others too, with the same bare 500.
     */
    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Leading and trailing spaces and tabs are not part of a field value (RFC 9110 §5.5). */
    private static String trimWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    /** The size of {@code text} in UTF-8, without encoding it. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    @Nullable
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
