package dev.cliauth.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook endpoint on 127.0.0.1 for tests: records every delivery (headers and body) and answers
 * the statuses it was told to, then 204.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Delivery(String id, String timestamp, String signature, String contentType, String body, long receivedAtNanos) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/hooks", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                var h = exchange.getRequestHeaders();
                deliveries.add(new Delivery(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                        h.getFirst("webhook-signature"), h.getFirst("content-type"), body, System.nanoTime()));
                int status;
                synchronized (statuses) {
                    status = statuses.isEmpty() ? 204 : statuses.poll();
                }
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The next answers, in order (then 204). */
    public WebhookReceiver answering(Integer... next) {
        synchronized (statuses) {
            statuses.clear();
            statuses.addAll(List.of(next));
        }
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public void clear() {
        deliveries.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Headers by lower-case name, for assertions. */
    public static Map<String, String> headers(Delivery d) {
        return Map.of("webhook-id", d.id(), "webhook-timestamp", d.timestamp(), "webhook-signature", d.signature());
    }
}
