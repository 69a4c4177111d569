package dev.cliauth.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
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
 *
 * <p>A handler is any {@code RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>} with
 * a public {@code (Map<String, Object> properties, Object... singletons)} constructor; it is closed
 * with the server when it is {@link AutoCloseable}.
 *
 * <p>Every request gets a complete answer: the body is read to its end before anything is sent
 * (a server that answers and closes with unread bytes makes the kernel reset the connection, and
 * the client may never see the answer), a body over 1 MB gets a 413, no route a 404, a failing
 * handler a 500; the connection stays usable afterwards.
 */
public final class LocalServer implements AutoCloseable {

    /**
     * The JDK server reads this once, when it is first used, and otherwise leaves Nagle's
     * algorithm on: a kept-alive client then waits for the delayed ACK (~40 ms) on every request,
     * because headers and body go out in two writes.
     */
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        useNoDelay();
    }

    private static final DateTimeFormatter GATEWAY_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    static final int MAX_BODY = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Bound> routes = new ArrayList<>();
    private final Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers =
            new LinkedHashMap<>();

    private record Bound(SamTemplate.Route route, Pattern pattern, List<String> parameters,
                         RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    }

    /** What goes back to the client, complete before the first byte is sent. */
    private record Reply(int status, Map<String, String> headers, List<String> cookies, byte[] body) {

        static Reply message(int status, String message) {
            return new Reply(status, Map.of("content-type", "application/json"), List.of(),
                    ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Starts the server on 127.0.0.1:{@code port} (0 picks one), creating one instance of each
     * handler class with {@code properties} and {@code singletons} (e.g. the in-process DynamoDB client).
     *
     * @throws StartFailure when the port cannot be bound or a handler does not start; its message
     *                      is one line naming the port or the setting at fault
     */
    public LocalServer(SamTemplate template, int port, Map<String, Object> properties, Object... singletons) {
        // The port first: a busy one fails at once, before any handler starts. The server runs
        // from here on (stop() frees the port only of a running one), without a context until
        // every handler is ready: the JDK server answers 404 meanwhile.
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw StartFailure.port(port, e);
        }
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.start();
        try {
            for (SamTemplate.Route route : template.routes()) {
                var handler = handlers.computeIfAbsent(route.handlerClass(), cls -> instantiate(cls, properties, singletons));
                routes.add(new Bound(route, compile(route.path()), parameters(route.path()), handler));
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        server.createContext("/", this::serve);
    }

    /**
     * Turns Nagle's algorithm off for the JDK HTTP servers of this JVM unless it was set otherwise;
     * effective only before the first of them is created (LocalMain calls it first thing).
     */
    static void useNoDelay() {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> instantiate(
            String className, Map<String, Object> properties, Object[] singletons) {
        Object handler;
        try {
            handler = Class.forName(className)
                    .getConstructor(Map.class, Object[].class)
                    .newInstance(properties, singletons);
        } catch (InvocationTargetException e) {
            throw StartFailure.handler(className, e.getCause(), properties, System.getenv());
        } catch (ReflectiveOperationException e) {
            throw new StartFailure(className + " cannot be created by its (Map<String, Object>, Object...) constructor: "
                    + e, e);
        }
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new StartFailure(className + " is not a RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>",
                    null);
        }
        return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler;
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

    /** The names of a route's path parameters, in order: {@code {id}} and {@code {proxy+}} give id, proxy. */
    static List<String> parameters(String path) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([A-Za-z0-9_]+)\\+?}").matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            Reply reply;
            try {
                reply = answer(exchange);
            } catch (RuntimeException | Error e) {
                System.err.println("local server: " + e);
                reply = Reply.message(500, "Internal Server Error");
            }
            send(exchange, reply);
        } catch (IOException e) {
            // The client went away while sending or receiving: there is no one left to answer.
        }
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        byte[] body;
        boolean tooLarge;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
            tooLarge = body.length > MAX_BODY;
            if (tooLarge) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        if (tooLarge) {
            return Reply.message(413, "Request Entity Too Large");
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        for (Bound b : routes) {
            Matcher m = b.pattern.matcher(path);
            if (b.route.method().equals(method) && m.matches()) {
                return invoke(b, toEvent(exchange, b, m, method, path, body));
            }
        }
        return Reply.message(404, "Not Found");
    }

    /** As API Gateway does, a response it cannot turn into HTTP becomes a 500. */
    private static Reply invoke(Bound bound, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = bound.handler.handleRequest(event, new LambdaInvocation());
        if (response == null || response.getStatusCode() < 100 || response.getStatusCode() > 599) {
            System.err.println("local server: " + bound.route.handlerClass() + " returned "
                    + (response == null ? "no response" : "status " + response.getStatusCode()));
            return Reply.message(500, "Internal Server Error");
        }
        byte[] out = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        return new Reply(response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(),
                response.getCookies() == null ? List.of() : response.getCookies(), out);
    }

    private static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, Bound bound, Matcher matcher,
                                                 String method, String path, byte[] body) {
        SamTemplate.Route route = bound.route;
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
        for (int i = 0; i < bound.parameters.size(); i++) {
            pathParameters.put(bound.parameters.get(i), matcher.group(i + 1));
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

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        try {
            reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            for (String cookie : reply.cookies) {
                exchange.getResponseHeaders().add("Set-Cookie", cookie);
            }
        } catch (IllegalArgumentException e) {   // a header value with a line break
            System.err.println("local server: " + e);
            exchange.getResponseHeaders().clear();
            reply = Reply.message(500, "Internal Server Error");
            reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        }
        int status = reply.status;
        boolean bodiless = exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                || status < 200 || status == 204 || status == 304;
        byte[] body = bodiless ? new byte[0] : reply.body;
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
        closeHandlers();
    }

    private void closeHandlers() {
        for (Object handler : handlers.values()) {
            if (handler instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("local server: closing " + handler.getClass().getName() + ": " + e);
                }
            }
        }
    }
}
