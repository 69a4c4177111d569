package dev.cliauth.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cliauth.lambda.CliauthFunction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server in front of the real handler classes, acting as API Gateway's HTTP API:
 * routes come from template.yaml, every request becomes a payload-2.0 event (lowercase headers,
 * {@code cookies[]}, base64 bodies, request context with source IP), and the handler's response
 * (with {@code cookies[]}) becomes the HTTP response.
 */
public final class LocalServer implements AutoCloseable {

    private static final DateTimeFormatter GATEWAY_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final int MAX_BODY = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Bound> routes = new ArrayList<>();
    private final Map<String, CliauthFunction> handlers = new LinkedHashMap<>();

    private record Bound(SamTemplate.Route route, Pattern pattern, CliauthFunction handler) {
    }

    /**
     * Starts the server on 127.0.0.1:{@code port} (0 picks one), creating one instance of each
     * handler class with {@code properties}.
     */
    public LocalServer(SamTemplate template, int port, Map<String, Object> properties) throws IOException {
        for (SamTemplate.Route route : template.routes()) {
            CliauthFunction handler = handlers.computeIfAbsent(route.handlerClass(), cls -> instantiate(cls, properties));
            routes.add(new Bound(route, compile(route.path()), handler));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Map<String, CliauthFunction> handlers() {
        return handlers;
    }

    private static CliauthFunction instantiate(String className, Map<String, Object> properties) {
        try {
            return (CliauthFunction) Class.forName(className)
                    .getConstructor(Map.class, Object[].class)
                    .newInstance(properties, new Object[0]);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create handler " + className, e);
        }
    }

    /** {@code /a/{id}} → {@code /a/([^/]+)}; {@code {proxy+}} matches the rest of the path. */
    static Pattern compile(String path) {
        StringBuilder regex = new StringBuilder("^");
        Matcher m = Pattern.compile("\\{([A-Za-z0-9_]+)(\\+?)}").matcher(path);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            last = m.end();
        }
        regex.append(Pattern.quote(path.substring(last))).append('$');
        return Pattern.compile(regex.toString());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            Bound bound = null;
            Matcher matcher = null;
            for (Bound b : routes) {
                Matcher m = b.pattern.matcher(path);
                if (b.route.method().equals(method) && m.matches()) {
                    bound = b;
                    matcher = m;
                    break;
                }
            }
            if (bound == null) {
                write(exchange, 404, Map.of("content-type", "application/json"), List.of(),
                        "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                write(exchange, 413, Map.of("content-type", "application/json"), List.of(),
                        "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            APIGatewayV2HTTPEvent event = toEvent(exchange, bound.route, matcher, method, path, body);
            APIGatewayV2HTTPResponse response = bound.handler.handleRequest(event, new LambdaInvocation());
            byte[] out = response.getBody() == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            write(exchange, response.getStatusCode(),
                    response.getHeaders() == null ? Map.of() : response.getHeaders(),
                    response.getCookies() == null ? List.of() : response.getCookies(), out);
        } catch (RuntimeException e) {
            System.err.println("local server: " + e);
            write(exchange, 500, Map.of("content-type", "application/json"), List.of(),
                    "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, SamTemplate.Route route, Matcher matcher,
                                                 String method, String path, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String v : values) {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.trim());
                        }
                    }
                }
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> pathParameters = new LinkedHashMap<>();
        Matcher names = Pattern.compile("\\{([A-Za-z0-9_]+)\\+?}").matcher(route.path());
        for (int i = 1; names.find(); i++) {
            pathParameters.put(names.group(1), matcher.group(i));
        }
        String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        // HTTP APIs pass text bodies as they are and base64-encode the rest, form posts included.
        boolean text = contentType.startsWith("application/json") || contentType.startsWith("text/");
        Instant now = Instant.now();
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.method() + " " + route.path())
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(rawQuery))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "localhost"))
                        .withDomainPrefix("localhost")
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(route.method() + " " + route.path())
                        .withStage("$default")
                        .withTime(GATEWAY_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(sourceIp)
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .withBody(body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    /** API Gateway joins repeated query keys with commas. */
    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = decodeLenient(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decodeLenient(pair.substring(eq + 1));
            out.merge(k, v, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static String decodeLenient(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, List<String> cookies,
                              byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        for (String cookie : cookies) {
            exchange.getResponseHeaders().add("Set-Cookie", cookie);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        handlers.values().forEach(h -> {
            if (h.context().isRunning()) {
                h.context().close();
            }
        });
    }
}
