package dev.cliauth.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Hands a payload-2.0 event to a cold-start child as a properties file, so the child builds it
 * with JDK classes only and no JSON library is loaded before the handler loads its own.
 */
final class EventFile {

    private EventFile() {
    }

    static void write(APIGatewayV2HTTPEvent e, Path file) {
        Properties p = new Properties();
        put(p, "version", e.getVersion());
        put(p, "routeKey", e.getRouteKey());
        put(p, "rawPath", e.getRawPath());
        put(p, "rawQueryString", e.getRawQueryString());
        put(p, "body", e.getBody());
        put(p, "isBase64Encoded", Boolean.toString(e.getIsBase64Encoded()));
        if (e.getCookies() != null) {
            put(p, "cookies", String.join("\n", e.getCookies()));
        }
        if (e.getHeaders() != null) {
            e.getHeaders().forEach((k, v) -> put(p, "header." + k, v));
        }
        if (e.getQueryStringParameters() != null) {
            e.getQueryStringParameters().forEach((k, v) -> put(p, "query." + k, v));
        }
        var rc = e.getRequestContext();
        put(p, "rc.accountId", rc.getAccountId());
        put(p, "rc.apiId", rc.getApiId());
        put(p, "rc.domainName", rc.getDomainName());
        put(p, "rc.domainPrefix", rc.getDomainPrefix());
        put(p, "rc.requestId", rc.getRequestId());
        put(p, "rc.routeKey", rc.getRouteKey());
        put(p, "rc.stage", rc.getStage());
        put(p, "rc.time", rc.getTime());
        put(p, "rc.timeEpoch", Long.toString(rc.getTimeEpoch()));
        put(p, "http.method", rc.getHttp().getMethod());
        put(p, "http.path", rc.getHttp().getPath());
        put(p, "http.protocol", rc.getHttp().getProtocol());
        put(p, "http.sourceIp", rc.getHttp().getSourceIp());
        put(p, "http.userAgent", rc.getHttp().getUserAgent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "payload 2.0 event");
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static APIGatewayV2HTTPEvent read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("header.")) {
                headers.put(name.substring("header.".length()), p.getProperty(name));
            } else if (name.startsWith("query.")) {
                query.put(name.substring("query.".length()), p.getProperty(name));
            }
        }
        List<String> cookies = p.getProperty("cookies") == null ? null
                : new ArrayList<>(List.of(p.getProperty("cookies").split("\n")));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(p.getProperty("version"))
                .withRouteKey(p.getProperty("routeKey"))
                .withRawPath(p.getProperty("rawPath"))
                .withRawQueryString(p.getProperty("rawQueryString", ""))
                .withCookies(cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(p.getProperty("body"))
                .withIsBase64Encoded(Boolean.parseBoolean(p.getProperty("isBase64Encoded")))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(p.getProperty("rc.accountId"))
                        .withApiId(p.getProperty("rc.apiId"))
                        .withDomainName(p.getProperty("rc.domainName"))
                        .withDomainPrefix(p.getProperty("rc.domainPrefix"))
                        .withRequestId(p.getProperty("rc.requestId"))
                        .withRouteKey(p.getProperty("rc.routeKey"))
                        .withStage(p.getProperty("rc.stage"))
                        .withTime(p.getProperty("rc.time"))
                        .withTimeEpoch(Long.parseLong(p.getProperty("rc.timeEpoch", "0")))
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(p.getProperty("http.method"))
                                .withPath(p.getProperty("http.path"))
                                .withProtocol(p.getProperty("http.protocol"))
                                .withSourceIp(p.getProperty("http.sourceIp"))
                                .withUserAgent(p.getProperty("http.userAgent"))
                                .build())
                        .build())
                .build();
    }

    private static void put(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}
