package dev.cliauth.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cliauth.bench.Peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real OpenID provider for the company sign-in tests: node-oidc-provider (the version the
 * benchmark's peer pins, installed with npm into {@code target/bench-peer}) running
 * {@code src/test/node/upstream-provider.mjs} with this class's RSA key, behind a small proxy that
 * is its issuer. The proxy passes everything through unchanged, except that a test can have it
 * alter the next ID token the token endpoint answers (a man in the middle, or a provider gone
 * wrong): re-signed by the provider's own key with a changed claim, or signed by another key.
 */
public final class UpstreamProvider implements AutoCloseable {

    /** How the next ID token is altered on its way to cliauth. */
    public enum Tamper { NONE, RESIGNED, BAD_SIGNATURE, WRONG_AUDIENCE, WRONG_NONCE }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "expect", "upgrade", "keep-alive", "te", "trailer", "proxy-connection");

    private final Process node;
    private final HttpServer proxy;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String issuer;
    private final String providerBase;
    private final RSAKey key;
    private volatile Tamper tamper = Tamper.NONE;

    private UpstreamProvider(Process node, HttpServer proxy, String issuer, String providerBase, RSAKey key) {
        this.node = node;
        this.proxy = proxy;
        this.issuer = issuer;
        this.providerBase = providerBase;
        this.key = key;
    }

    /** Why it cannot run here (node or npm missing, install failed), or null. */
    public static String unavailable() {
        Peer.Availability a = Peer.install(log());
        return a.available() ? null : a.reason();
    }

    /**
     * Starts the provider with {@code clients} (client metadata) and {@code accounts} (claims by
     * account id); the first account signs in until {@link #loginAs} names another.
     */
    public static UpstreamProvider start(List<Map<String, Object>> clients, Map<String, Map<String, Object>> accounts)
            throws Exception {
        Path dir = Path.of("target", "bench-peer");
        Files.copy(Path.of("src", "test", "node", "upstream-provider.mjs"), dir.resolve("upstream-provider.mjs"),
                StandardCopyOption.REPLACE_EXISTING);
        RSAKey key = new RSAKeyGenerator(2048).keyID("provider-key-1").algorithm(JWSAlgorithm.RS256).generate();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + proxy.getAddress().getPort();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = Files.createTempFile(dir.toAbsolutePath(), "provider-", ".json");
        Files.writeString(config, JSONObjectUtils.toJSONString(Map.of("issuer", issuer, "clients", clients,
                "key", key.toJSONObject(), "accounts", accounts)));
        Process node = new ProcessBuilder("node", "upstream-provider.mjs", Integer.toString(port), config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Files.writeString(log(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (line.startsWith("PROVIDER-READY ")) {
                        ready.complete(line.substring("PROVIDER-READY ".length()).trim());
                    }
                }
            } catch (IOException e) {
                // ended
            }
            ready.completeExceptionally(new IllegalStateException("the provider exited; see " + log()));
        }, "upstream-provider-output");
        pump.setDaemon(true);
        pump.start();
        String base;
        try {
            base = ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.destroyForcibly();
            proxy.stop(0);
            throw new IllegalStateException("the provider did not start; see " + log(), e);
        } finally {
            Files.deleteIfExists(config);
        }
        UpstreamProvider provider = new UpstreamProvider(node, proxy, issuer, base, key);
        proxy.createContext("/", provider::forward);
        proxy.start();
        return provider;
    }

    public String issuer() {
        return issuer;
    }

    /** The provider's signing key (public and private), as a man in the middle could never have it. */
    public RSAKey key() {
        return key;
    }

    /** Who the provider's login screen signs in from now on. */
    public void loginAs(String accountId) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(providerBase + "/test/login-as"))
                .POST(HttpRequest.BodyPublishers.ofString(accountId)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("login-as answered " + r.statusCode());
        }
    }

    /** Alters the next ID token the token endpoint answers. */
    public void tamperNext(Tamper how) {
        tamper = how;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(providerBase + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.toLowerCase(Locale.ROOT).startsWith("x-forwarded-")) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            request.header("X-Forwarded-Host", URI.create(issuer).getRawAuthority()).header("X-Forwarded-Proto", "http");
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] out = response.body();
            if (exchange.getRequestURI().getPath().equals("/token") && response.statusCode() == 200 && tamper != Tamper.NONE) {
                out = altered(new String(out, StandardCharsets.UTF_8), tamper).getBytes(StandardCharsets.UTF_8);
                tamper = Tamper.NONE;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private String altered(String tokenResponse, Tamper how) throws ParseException, JOSEException {
        Map<String, Object> json = JSONObjectUtils.parse(tokenResponse);
        SignedJWT original = SignedJWT.parse((String) json.get("id_token"));
        JWTClaimsSet claims = original.getJWTClaimsSet();
        UnaryOperator<JWTClaimsSet.Builder> change = switch (how) {
            case WRONG_AUDIENCE -> b -> b.audience("another-client");
            case WRONG_NONCE -> b -> b.claim("nonce", "a-nonce-from-another-sign-in");
            default -> b -> b;
        };
        RSAKey signer = how == Tamper.BAD_SIGNATURE
                ? new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate() : key;
        SignedJWT replaced = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                change.apply(new JWTClaimsSet.Builder(claims)).build());
        replaced.sign(new RSASSASigner(signer));
        json.put("id_token", replaced.serialize());
        return JSONObjectUtils.toJSONString(json);
    }

    private static Path log() {
        return Path.of("target", "upstream-provider.log");
    }

    @Override
    public void close() {
        proxy.stop(0);
        node.destroy();
        try {
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A browser at the provider: cookies kept, redirects followed by hand until one leaves for {@code stopAt}. */
    public static final class Visit {
        private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        /** Follows {@code url} through the provider; the first redirect to a URL starting with {@code stopAt}. */
        public URI follow(String url, String stopAt) throws IOException, InterruptedException {
            URI at = URI.create(url);
            for (int hop = 0; hop < 10; hop++) {
                HttpResponse<String> r = browser.send(HttpRequest.newBuilder(at).GET().build(), HttpResponse.BodyHandlers.ofString());
                String location = r.headers().firstValue("location").orElseThrow(() ->
                        new AssertionError("no redirect from " + r.uri() + " (" + r.statusCode() + "): " + r.body()));
                at = at.resolve(location);
                if (at.toString().startsWith(stopAt)) {
                    return at;
                }
            }
            throw new AssertionError("more than 10 redirects at the provider");
        }
    }
}
