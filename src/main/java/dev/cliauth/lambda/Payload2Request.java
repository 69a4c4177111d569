package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.cliauth.web.PublicUrls;
import dev.cliauth.web.WebRequest;
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
 * Checks an API Gateway payload 2.0 event in one pass, without changing it, and either refuses it
 * or builds the {@link WebRequest} endpoints read and the {@link CheckedEvent} Micronaut routes.
 * What Micronaut's adapter (micronaut-aws 4.11) gets wrong for payload 2.0 is decided here:
 * <ul>
 *   <li>cookies: it ignores {@code cookies[]} and reads only the first pair of a {@code Cookie}
 *       header; here every pair of both is kept, in order;</li>
 *   <li>forms: it joins repeated keys with a comma; here the raw body is kept for strict parsing
 *       ({@code protocol.FormParameters} refuses a repeated key);</li>
 *   <li>malformed input: a path that is not a URI path, a header name that is not a token, a value
 *       with control characters, invalid base64 or UTF-8 make it throw or answer a 500 that can
 *       echo internals; here they are a clean 400 (413 for a body over the limit) before routing.</li>
 * </ul>
 */
public final class Payload2Request {

    /** Largest request body accepted, in bytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** Longest user agent kept, in characters. */
    public static final int MAX_USER_AGENT = 256;

    private Payload2Request() {
    }

    /** Outcome of {@link #check}. */
    public sealed interface Checked permits Accepted, Rejected {
    }

    /** The event can be served: the request endpoints read, and the event Micronaut routes. */
    public record Accepted(WebRequest request, APIGatewayV2HTTPEvent event) implements Checked {
    }

    /** The event is refused: status and a short, fixed reason for the client. */
    public record Rejected(int status, String reason) implements Checked {
    }

    public static Checked check(@Nullable APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                || event.getRequestContext().getHttp().getPath() == null
                || event.getRequestContext().getHttp().getMethod() == null) {
            return new Rejected(400, "The request is malformed.");
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = event.getRequestContext().getHttp();
        String method = http.getMethod().toUpperCase(Locale.ROOT);
        if (!isToken(method)) {
            return new Rejected(400, "The request is malformed.");
        }
        if (!isPath(http.getPath())) {
            return new Rejected(400, "The request path is malformed.");
        }
        if (!PublicUrls.isHost(event.getRequestContext().getDomainName())) {
            return new Rejected(400, "The request is malformed.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
                if (header.getKey() == null || header.getValue() == null) {
                    continue;
                }
                String value = trimWhitespace(header.getValue());
                if (!isToken(header.getKey()) || !isFieldValue(value)) {
                    return new Rejected(400, "The request headers are malformed.");
                }
                if (headers.put(header.getKey().toLowerCase(Locale.ROOT), value) != null) {
                    // One field under two spellings (names are case-insensitive, RFC 9110 §5.1):
                    // API Gateway sends one, so this is a hand-made event; neither value is trusted.
                    return new Rejected(400, "The request headers are malformed.");
                }
            }
        }
        List<String> cookies = new ArrayList<>();
        if (event.getCookies() != null) {
            for (String cookie : event.getCookies()) {
                String pair = cookie == null ? "" : trimWhitespace(cookie);
                if (!isFieldValue(pair)) {
                    return new Rejected(400, "The request cookies are malformed.");
                }
                if (!pair.isEmpty()) {
                    cookies.add(pair);
                }
            }
        }
        // cookies[] is where payload 2.0 puts them; a cookie header, if any, comes after.
        String cookieHeader = headers.get("cookie");
        if (cookieHeader != null) {
            for (String pair : cookieHeader.split(";")) {
                if (!pair.isBlank()) {
                    cookies.add(pair.trim());
                }
            }
        }
        String body = event.getBody() == null ? "" : event.getBody();
        if (event.getIsBase64Encoded() && !body.isEmpty()) {
            // Cheap bound before decoding; the decoded size is checked exactly below.
            if (body.length() > MAX_BODY_BYTES * 4 / 3 + 4) {
                return new Rejected(413, "The request body is too large.");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                return new Rejected(400, "The request body is not valid base64.");
            }
            if (bytes.length > MAX_BODY_BYTES) {
                return new Rejected(413, "The request body is too large.");
            }
            body = utf8(bytes);
            if (body == null) {
                return new Rejected(400, "The request body is not valid UTF-8.");
            }
        } else if (body.length() > MAX_BODY_BYTES || utf8Length(body) > MAX_BODY_BYTES) {
            return new Rejected(413, "The request body is too large.");
        }
        String agent = http.getUserAgent() != null ? http.getUserAgent() : headers.get("user-agent");
        WebRequest request = new WebRequest(method, http.getPath(), headers, cookies,
                event.getRawQueryString() == null ? "" : event.getRawQueryString(), body,
                http.getSourceIp() == null ? "unknown" : http.getSourceIp(), truncate(agent),
                event.getRequestContext().getDomainName());
        return new Accepted(request, new CheckedEvent(request, routingContext(event.getRequestContext(), method)));
    }

    /** The request context Micronaut reads: method and path, plus ids for the logs. */
    private static APIGatewayV2HTTPEvent.RequestContext routingContext(APIGatewayV2HTTPEvent.RequestContext original,
                                                                       String method) {
        return APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId(original.getRequestId())
                .withDomainName(original.getDomainName())
                .withStage(original.getStage())
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(original.getHttp().getPath())
                        .withProtocol(original.getHttp().getProtocol())
                        .build())
                .build();
    }

    /** At most {@link #MAX_USER_AGENT} characters, never splitting a surrogate pair. */
    private static String truncate(@Nullable String agent) {
        if (agent == null) {
            return "";
        }
        if (agent.length() <= MAX_USER_AGENT) {
            return agent;
        }
        return agent.substring(0, Character.isHighSurrogate(agent.charAt(MAX_USER_AGENT - 1))
                ? MAX_USER_AGENT - 1 : MAX_USER_AGENT);
    }

    /**
     * An absolute path of RFC 3986 §3.3 characters, with well-formed percent-escapes (a space, a
     * {@code %zz} or a {@code "} cannot come from a real client); {@code ?} and {@code #} would
     * start a query or fragment inside the path.
     */
    private static boolean isPath(String path) {
        // "//" would start an authority where Micronaut reads the path ("//host/x" routes as "/x"
        // while the endpoints see the whole): an empty segment is refused, wherever it stands.
        if (!path.startsWith("/") || path.contains("//")) {
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

    /** A header name or method is a token (RFC 9110 §5.1, §9.1). */
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
