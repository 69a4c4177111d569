package dev.cliauth.upstream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A minimal OpenID provider in the test JVM: discovery, JWKS and a token endpoint each test scripts. */
final class FakeIdp implements AutoCloseable {

    interface TokenHandler {
        void handle(HttpExchange exchange) throws IOException;
    }

    final HttpServer server;
    final String issuer;
    final RSAKey key;
    final Map<String, Object> discovery = new LinkedHashMap<>();
    volatile TokenHandler token;

    FakeIdp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        key = new RSAKeyGenerator(2048).keyID("k1").algorithm(JWSAlgorithm.RS256).generate();
        discovery.put("issuer", issuer);
        discovery.put("authorization_endpoint", issuer + "/auth");
        discovery.put("token_endpoint", issuer + "/token");
        discovery.put("jwks_uri", issuer + "/jwks");
        discovery.put("id_token_signing_alg_values_supported", List.of("RS256"));
        discovery.put("response_types_supported", List.of("code"));
        discovery.put("subject_types_supported", List.of("public"));
        server.createContext("/.well-known/openid-configuration", x -> send(x, 200, JSONObjectUtils.toJSONString(discovery)));
        server.createContext("/jwks", x -> send(x, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/token", x -> {
            x.getRequestBody().readAllBytes();
            token.handle(x);
        });
        server.start();
    }

    UpstreamConfig config(String org) {
        return new UpstreamConfig(org, "Fake SSO", issuer, issuer + "/auth", "cliauth", null, List.of("acme.example"));
    }

    String idToken(Consumer<JWTClaimsSet.Builder> change, long now) throws Exception {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).audience("cliauth").subject("user-1")
                .issueTime(new Date(now)).expirationTime(new Date(now + 300_000))
                .claim("email", "alice@acme.example").claim("email_verified", true);
        change.accept(b);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), b.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** A token answer whose headers come at once and whose body then comes one byte a second. */
    static void trickle(HttpExchange x) throws IOException {
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, 120);
        var out = x.getResponseBody();
        try {
            for (int i = 0; i < 120; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException ended) {
            // the client gave up
        }
    }

    static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (var out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
