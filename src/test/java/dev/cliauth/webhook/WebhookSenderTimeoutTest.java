package dev.cliauth.webhook;

import dev.cliauth.config.WebhookSettings;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * cliauth.webhook.timeout is how long one attempt may take, its whole answer included: a receiver
 * that sends its status line and headers at once and never finishes the body does not hold the
 * function (the JDK request timeout alone ends when the headers arrive).
 */
class WebhookSenderTimeoutTest {

    @Test
    void anAttemptWhoseBodyNeverEndsIsBoundedByTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread receiver = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[8192];
                    in.read(buf);                                   // the request (small)
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nx".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(60_000);                           // never the rest of the body
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            receiver.setDaemon(true);
            receiver.start();

            // one attempt, 1 s timeout; allow-local so the loopback receiver is reachable
            WebhookSender sender = new WebhookSender(new WebhookSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(1), true),
                    Clock.systemUTC(), Optional.empty());
            WebhookConfig config = new WebhookConfig("http://127.0.0.1:" + server.getLocalPort() + "/hook",
                    WebhookSignature.newSecret(new SecureRandom()), Set.of("all"));
            ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            });
            long started = System.nanoTime();
            Future<Boolean> sent = pool.submit(() -> sender.send(config, "evt_1", "{}"));
            try {
                sent.get(10, TimeUnit.SECONDS);                     // 10x the configured per-attempt timeout
            } catch (TimeoutException e) {
                fail("WebhookSender.send still running after 10 s with attempts=1 and timeout=1s");
            } finally {
                pool.shutdownNow();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
