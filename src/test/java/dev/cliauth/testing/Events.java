package dev.cliauth.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.cliauth.local.SamTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real-shaped API Gateway HTTP API payload-2.0 events, read from JSON files under
 * {@code infra/events} (lowercase headers, {@code cookies[]}, base64 form bodies),
 * with the parts a test varies replaced.
 */
public final class Events {

    private final Map<String, Object> json;

    private Events(Map<String, Object> json) {
        this.json = json;
    }

    /** The sample event {@code infra/events/<name>.json}, the same files {@code sam local invoke} uses. */
    public static Events load(String name) {
        Path file = SamTemplate.locate().resolveSibling("infra").resolve("events").resolve(name + ".json");
        try {
            return new Events(JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the body with this form, base64-encoded as HTTP APIs send form posts. */
    public Events form(String urlEncoded) {
        json.put("body", Base64.getEncoder().encodeToString(urlEncoded.getBytes(StandardCharsets.UTF_8)));
        json.put("isBase64Encoded", true);
        return this;
    }

    /** Replaces the body with plain text. */
    public Events rawBody(String body, boolean base64) {
        json.put("body", body);
        json.put("isBase64Encoded", base64);
        return this;
    }

    @SuppressWarnings("unchecked")
    public Events header(String name, String value) {
        Map<String, Object> headers = (Map<String, Object>) json.computeIfAbsent("headers", k -> new LinkedHashMap<>());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    public Events cookies(List<String> cookies) {
        json.put("cookies", new ArrayList<>(cookies));
        return this;
    }

    public Events query(String rawQuery) {
        json.put("rawQueryString", rawQuery);
        return this;
    }

    @SuppressWarnings("unchecked")
    public Events sourceIp(String ip) {
        ((Map<String, Object>) ((Map<String, Object>) json.get("requestContext")).get("http")).put("sourceIp", ip);
        return this;
    }

    @SuppressWarnings("unchecked")
    public Events userAgent(String agent) {
        ((Map<String, Object>) ((Map<String, Object>) json.get("requestContext")).get("http")).put("userAgent", agent);
        header("user-agent", agent);
        return this;
    }

    @SuppressWarnings("unchecked")
    public Events method(String method) {
        ((Map<String, Object>) ((Map<String, Object>) json.get("requestContext")).get("http")).put("method", method);
        return this;
    }

    @SuppressWarnings("unchecked")
    public Events path(String path) {
        json.put("rawPath", path);
        ((Map<String, Object>) ((Map<String, Object>) json.get("requestContext")).get("http")).put("path", path);
        return this;
    }

    @SuppressWarnings("unchecked")
    public APIGatewayV2HTTPEvent build() {
        Map<String, Object> rc = (Map<String, Object>) json.get("requestContext");
        Map<String, Object> http = (Map<String, Object>) rc.get("http");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion((String) json.get("version"))
                .withRouteKey((String) json.get("routeKey"))
                .withRawPath((String) json.get("rawPath"))
                .withRawQueryString((String) json.getOrDefault("rawQueryString", ""))
                .withCookies((List<String>) json.get("cookies"))
                .withHeaders(strings((Map<String, Object>) json.get("headers")))
                .withQueryStringParameters(strings((Map<String, Object>) json.get("queryStringParameters")))
                .withPathParameters(strings((Map<String, Object>) json.get("pathParameters")))
                .withBody((String) json.get("body"))
                .withIsBase64Encoded(Boolean.TRUE.equals(json.get("isBase64Encoded")))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId((String) rc.get("accountId"))
                        .withApiId((String) rc.get("apiId"))
                        .withDomainName((String) rc.get("domainName"))
                        .withRequestId((String) rc.get("requestId"))
                        .withRouteKey((String) rc.get("routeKey"))
                        .withStage((String) rc.get("stage"))
                        .withTime((String) rc.get("time"))
                        .withTimeEpoch(((Number) rc.getOrDefault("timeEpoch", 0L)).longValue())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod((String) http.get("method"))
                                .withPath((String) http.get("path"))
                                .withProtocol((String) http.get("protocol"))
                                .withSourceIp((String) http.get("sourceIp"))
                                .withUserAgent((String) http.get("userAgent"))
                                .build())
                        .build())
                .build();
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        if (map == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
