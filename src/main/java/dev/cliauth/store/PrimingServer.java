package dev.cliauth.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * {@link PrimingResponder} on a loopback port, for priming through the real HTTP client: the
 * url-connection client, its sockets and the JDK's HTTP code run before the snapshot as they will
 * for DynamoDB after it. Bound to 127.0.0.1 for one priming; every answer closes its connection,
 * so no pooled connection outlives it.
 */
final class PrimingServer implements AutoCloseable {

    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;

    PrimingServer(PrimingResponder responder) {
        // The JDK server reads this once, when its first instance is made; without it every
        // kept-alive request waits ~45 ms (Nagle and delayed ACK). Lambda starts no other one.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> answer(responder, exchange));
        server.start();
    }

    /** Where the stand-in listens. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(PrimingResponder responder, HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            PrimingResponder.Answer answer = responder.answer(target == null ? "" : target,
                    exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "priming");
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
