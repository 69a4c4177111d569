package dev.cliauth.local.dynamo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DynamoEngine} over HTTP on 127.0.0.1 only, for what cannot call it in-process: the admin
 * tool, {@code sam local invoke --docker-network host}, and the benchmark's child JVMs. TCP_NODELAY is
 * on (the JDK server reads {@code sun.net.httpserver.nodelay} once, when the JVM creates its first
 * server; without it every request on a kept-alive connection waits ~45 ms for a delayed ACK).
 */
public final class EngineServer implements AutoCloseable {

    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;

    private EngineServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves {@code engine} on 127.0.0.1:{@code port} (0 picks a free port). */
    public static EngineServer start(DynamoEngine engine, int port) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "dynamodb-engine-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(engine, exchange));
        server.start();
        return new EngineServer(server, executor);
    }

    /** The address the server is bound to (127.0.0.1). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    private static void serve(DynamoEngine engine, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                byte[] text = "healthy: cliauth local DynamoDB engine\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, text.length);
                exchange.getResponseBody().write(text);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            DynamoEngine.Reply reply = body.length > MAX_BODY
                    ? engine.handle(null, new byte[0])
                    : engine.handle(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            exchange.getResponseHeaders().set("Content-Type", DynamoEngine.CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
