package dev.cliauth.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.cliauth.testing.Events;
import io.micronaut.core.annotation.Nullable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated request: everything of a payload-2.0 event a client controls. Immutable; the
 * {@code with...} methods return changed copies, so a mutation never leaks into the next try.
 *
 * @param target   the function the request is sent to
 * @param method   {@code requestContext.http.method}, any string
 * @param path     {@code rawPath} and {@code requestContext.http.path}
 * @param rawQuery {@code rawQueryString}; {@code queryStringParameters} is derived as API Gateway does
 * @param headers  every header, names as sent
 * @param cookies  {@code cookies[]}, or {@code null} for none
 * @param body     the body, or {@code null} for none
 * @param base64   {@code isBase64Encoded}
 */
record FuzzRequest(Target target, String method, String path, String rawQuery, Map<String, String> headers,
                   @Nullable List<String> cookies, @Nullable String body, boolean base64) {

    FuzzRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        cookies = cookies == null ? null : Collections.unmodifiableList(new ArrayList<>(cookies));
    }

    /** A form posted as browsers and CLIs do through an HTTP API: base64 body, form content type. */
    static FuzzRequest form(Target target, String path, Map<String, String> headers, @Nullable List<String> cookies,
                            String form) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("content-type", "application/x-www-form-urlencoded");
        return new FuzzRequest(target, "POST", path, "", h, cookies, base64(form), true);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    FuzzRequest withMethod(String m) {
        return new FuzzRequest(target, m, path, rawQuery, headers, cookies, body, base64);
    }

    FuzzRequest withPath(String p) {
        return new FuzzRequest(target, method, p, rawQuery, headers, cookies, body, base64);
    }

    FuzzRequest withQuery(String q) {
        return new FuzzRequest(target, method, path, q, headers, cookies, body, base64);
    }

    /** Sets a header, or removes it when {@code value} is {@code null}. */
    FuzzRequest withHeader(String name, @Nullable String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (value == null) {
            h.remove(name);
        } else {
            h.put(name, value);
        }
        return new FuzzRequest(target, method, path, rawQuery, h, cookies, body, base64);
    }

    FuzzRequest withCookies(@Nullable List<String> c) {
        return new FuzzRequest(target, method, path, rawQuery, headers, c, body, base64);
    }

    FuzzRequest withBody(@Nullable String b, boolean isBase64) {
        return new FuzzRequest(target, method, path, rawQuery, headers, cookies, b, isBase64);
    }

    /** The event, shaped from the target's sample in {@code infra/events} with every client-controlled part replaced. */
    APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent event = Events.load(target.sampleEvent).method(method).path(path).query(rawQuery).build();
        event.setHeaders(new LinkedHashMap<>(headers));
        event.setCookies(cookies == null ? null : new ArrayList<>(cookies));
        event.setQueryStringParameters(queryStringParameters(rawQuery));
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        String agent = headers.get("user-agent");
        event.getRequestContext().getHttp().setUserAgent(agent);
        return event;
    }

    /**
     * {@code queryStringParameters} as API Gateway builds it: decoded names and values, repeated
     * names joined with commas; a part that does not decode is passed on as it is.
     */
    static Map<String, String> queryStringParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = lenientDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : lenientDecode(pair.substring(eq + 1));
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out.isEmpty() ? null : out;
    }

    private static String lenientDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Short enough to read in a failure report; long parts are cut and their length shown. */
    @Override
    public String toString() {
        StringBuilder h = new StringBuilder();
        headers.forEach((name, value) -> h.append(h.length() == 0 ? "" : ", ").append(show(name)).append(": ").append(show(value)));
        return target + " " + show(method) + " " + show(path) + (rawQuery.isEmpty() ? "" : "?" + show(rawQuery))
                + " headers={" + h + "}"
                + " cookies=" + (cookies == null ? "none" : cookies.size() > 12 ? cookies.size() + " cookies "
                + show(cookies.subList(0, 12).toString()) : show(cookies.toString()))
                + " body=" + (body == null ? "none" : (base64 ? "base64:" : "text:") + show(body));
    }

    static String show(String s) {
        String escaped = s.length() > 160 ? s.substring(0, 160) + "…(" + s.length() + " chars)" : s;
        StringBuilder out = new StringBuilder();
        escaped.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || Character.isSurrogate((char) cp) && cp <= 0xffff) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
