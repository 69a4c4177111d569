package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload 2.0 response API Gateway expects. Micronaut's adapter writes every header value to
 * {@code multiValueHeaders}, which payload 2.0 ignores, and keeps one value per name in
 * {@code headers}: of several {@code Set-Cookie} only one would reach the browser. Here every
 * {@code Set-Cookie} goes to {@code cookies[]} and other repeated headers are joined.
 */
public final class Payload2Response {

    private Payload2Response() {
    }

    /** A new response with Micronaut's headers and cookies in payload 2.0's shape. */
    public static APIGatewayV2HTTPResponse of(APIGatewayV2HTTPResponse micronaut) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        if (micronaut.getCookies() != null) {
            cookies.addAll(micronaut.getCookies());
        }
        if (micronaut.getMultiValueHeaders() != null) {
            micronaut.getMultiValueHeaders().forEach((name, values) -> add(name, values, headers, cookies));
        }
        if (micronaut.getHeaders() != null) {
            micronaut.getHeaders().forEach((name, value) -> {
                if (!headers.containsKey(name) && !"set-cookie".equalsIgnoreCase(name)) {
                    headers.put(name, value);
                } else if ("set-cookie".equalsIgnoreCase(name) && !cookies.contains(value)) {
                    cookies.add(value);
                }
            });
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(micronaut.getStatusCode())
                .withHeaders(headers)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withBody(micronaut.getBody())
                .withIsBase64Encoded(micronaut.getIsBase64Encoded())
                .build();
    }

    /**
     * A response built outside Micronaut's pipeline (a request refused before routing): a text body
     * as it is, any other body as JSON through the function's serde mapper.
     */
    public static APIGatewayV2HTTPResponse of(HttpResponse<?> response, JsonMapper json) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        response.getHeaders().forEach((name, values) -> add(name, values, headers, cookies));
        Object body = response.body();
        String text;
        if (body == null) {
            text = null;
        } else if (body instanceof CharSequence chars) {
            text = chars.toString();
        } else {
            try {
                text = new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.code())
                .withHeaders(headers)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withBody(text)
                .withIsBase64Encoded(false)
                .build();
    }

    private static void add(String name, List<String> values, Map<String, String> headers, List<String> cookies) {
        if (values == null || values.isEmpty()) {
            return;
        }
        if ("set-cookie".equalsIgnoreCase(name)) {
            cookies.addAll(values);
        } else {
            headers.put(name, String.join(", ", values));
        }
    }
}
