package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.http.Request;
import dev.cliauth.http.Response;
import io.micronaut.core.annotation.Nullable;

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
 * Turns API Gateway payload 2.0 events into {@link Request}s and {@link Response}s back into
 * payload 2.0, with its traps handled:
 * <ul>
 *   <li>request cookies arrive in {@code cookies[]} (and sometimes a {@code cookie} header): every
 *       pair of both is kept;</li>
 *   <li>a path that is not a valid URI path, header names that are not tokens and values with
 *       control characters are a clean 400;</li>
 *   <li>base64 bodies are decoded strictly, so invalid base64 or non-UTF-8 is a clean 400, and
 *       oversized bodies a 413, before any routing;</li>
 *   <li>several {@code Set-Cookie} headers would collapse into one: they go to {@code cookies[]}.</li>
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

    /**
     * Checks and normalises {@code event} in place (header names in lower case, values and cookies
     * trimmed, the body decoded); returns a rejection when it cannot be served.
     */
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
        List<String> pairs = new ArrayList<>();
        if (event.getCookies() != null) {
            for (String cookie : event.getCookies()) {
                String pair = cookie == null ? "" : trimWhitespace(cookie);
                if (!isFieldValue(pair)) {
                    return new Rejection(400, "The request cookies are malformed.");
                }
                if (!pair.isEmpty()) {
                    pairs.add(pair);
                }
            }
        }
        event.setHeaders(headers);
        event.setCookies(pairs);
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

    /** The request of an event that {@link #prepare} accepted. */
    public static Request request(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = event.getRequestContext().getHttp();
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        // cookies[] is where payload 2.0 puts them; a cookie header, if any, comes after.
        List<String> cookies = new ArrayList<>(event.getCookies() == null ? List.of() : event.getCookies());
        String cookieHeader = headers.get("cookie");
        if (cookieHeader != null) {
            for (String pair : cookieHeader.split(";")) {
                if (!pair.isBlank()) {
                    cookies.add(pair.trim());
                }
            }
        }
        String agent = http.getUserAgent() != null ? http.getUserAgent() : headers.get("user-agent");
        agent = agent == null ? "" : agent.length() > 256
                ? agent.substring(0, Character.isHighSurrogate(agent.charAt(255)) ? 255 : 256) : agent;
        return new Request(http.getMethod().toUpperCase(Locale.ROOT), http.getPath(), headers, cookies,
                event.getRawQueryString() == null ? "" : event.getRawQueryString(),
                event.getBody() == null ? "" : event.getBody(),
                http.getSourceIp() == null ? "unknown" : http.getSourceIp(), agent,
                event.getRequestContext().getDomainName());
    }

    /** The payload 2.0 response: one value per header, every {@code Set-Cookie} in {@code cookies[]}. */
    public static APIGatewayV2HTTPResponse response(Response response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(new LinkedHashMap<>(response.headers()))
                .withCookies(response.cookies().isEmpty() ? null : new ArrayList<>(response.cookies()))
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    /**
     * An absolute path of RFC 3986 §3.3 characters, with well-formed percent-escapes (a space, a
     * {@code %zz} or a {@code "} cannot come from a real client); {@code ?} and {@code #} would
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
     * A header name is a token (RFC 9110 §5.1).
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
     * must be rejected; the other controls have no business in a header either).
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
