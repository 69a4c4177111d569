package dev.cliauth.upstream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cliauth.config.Functions;
import dev.cliauth.store.Primed;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to an org's OpenID provider: its discovery document (OpenID Connect Discovery §4, the
 * issuer compared exactly), its keys, and its token endpoint. Discovery and keys are kept per
 * issuer for an hour; keys are fetched again, at most every 30 s, when a token names one not in
 * them (the provider rotated). The HTTP client exists from the first sign-in on, never during
 * priming, so no connection outlives a SnapStart snapshot; {@link #forget} drops it all.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class UpstreamProvider implements Primed {

    /** Algorithms an ID token may be signed with: asymmetric only (never {@code none}, never HMAC). */
    static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    private static final int MAX_BODY = 256 * 1024;
    private static final long METADATA_TTL = Duration.ofHours(1).toMillis();
    private static final long KEYS_REFETCH_GAP = 30_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(8);

    /**
     * When the provider calls of one request must be answered by: they share it, so a provider slow
     * on each call cannot add them up past the HTTP function's own 10 s.
     */
    public record Deadline(long nanos) {
        /** The time one page request gives the provider, all its calls together. */
        public static final Duration PER_REQUEST = Duration.ofSeconds(7);

        public static Deadline in(Duration budget) {
            return new Deadline(System.nanoTime() + budget.toNanos());
        }

        Duration left() {
            return Duration.ofNanos(nanos - System.nanoTime());
        }
    }

    private final Clock clock;
    private final Map<String, Metadata> metadata = new ConcurrentHashMap<>();
    private final Map<String, Keys> keys = new ConcurrentHashMap<>();
    private volatile HttpClient http;

    public UpstreamProvider(Clock clock) {
        this.clock = clock;
    }

    /**
     * A provider's discovery document, as far as it is used. {@code issInAuthorizationResponse}:
     * it announces RFC 9207 ({@code authorization_response_iss_parameter_supported}), so every
     * authorization response must carry {@code iss}.
     */
    public record Metadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                           Set<JWSAlgorithm> idTokenAlgorithms, boolean issInAuthorizationResponse, long until) {
    }

    /**
     * What the provider's discovery document says, checked ({@link #fromDiscovery}), and its
     * authorization endpoint still the one the pages' CSP allows; cached an hour.
     */
    public Metadata metadata(UpstreamConfig config, Deadline deadline) {
        long now = clock.millis();
        Metadata known = metadata.get(config.issuer());
        if (known != null && known.until() > now) {
            check(config, known);
            return known;
        }
        String base = config.issuer().endsWith("/") ? config.issuer().substring(0, config.issuer().length() - 1) : config.issuer();
        Metadata fresh = fromDiscovery(config, json(get(base + "/.well-known/openid-configuration", deadline), "discovery document"),
                now + METADATA_TTL);
        check(config, fresh);
        metadata.put(config.issuer(), fresh);
        return fresh;
    }

    /**
     * The discovery document {@code doc} of {@code config}'s provider, checked: the issuer it names
     * is exactly the configured one (a mix-up defence), its endpoints are ones the provider may have
     * ({@link UpstreamConfig#acceptsEndpoint}), and it signs ID tokens with an asymmetric algorithm.
     */
    static Metadata fromDiscovery(UpstreamConfig config, Map<String, Object> doc, long until) {
        Metadata fresh;
        try {
            Set<JWSAlgorithm> algorithms = new HashSet<>();
            List<String> named = JSONObjectUtils.getStringList(doc, "id_token_signing_alg_values_supported");
            for (String a : named == null ? List.of("RS256") : named) {
                JWSAlgorithm alg = JWSAlgorithm.parse(a);
                if (ASYMMETRIC.contains(alg)) {
                    algorithms.add(alg);
                }
            }
            fresh = new Metadata(JSONObjectUtils.getString(doc, "issuer"), JSONObjectUtils.getString(doc, "authorization_endpoint"),
                    JSONObjectUtils.getString(doc, "token_endpoint"), JSONObjectUtils.getString(doc, "jwks_uri"),
                    Set.copyOf(algorithms), Boolean.TRUE.equals(doc.get("authorization_response_iss_parameter_supported")),
                    until);
        } catch (ParseException e) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "discovery document of " + config.issuer() + " malformed", e);
        }
        if (!config.issuer().equals(fresh.issuer())) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "discovery document names another issuer than " + config.issuer());
        }
        if (!config.acceptsEndpoint(fresh.authorizationEndpoint()) || !config.acceptsEndpoint(fresh.tokenEndpoint())
                || !config.acceptsEndpoint(fresh.jwksUri()) || fresh.idTokenAlgorithms().isEmpty()) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "discovery document of " + config.issuer()
                    + " lacks https endpoints or an asymmetric ID token algorithm");
        }
        return fresh;
    }

    private static void check(UpstreamConfig config, Metadata m) {
        if (!m.authorizationEndpoint().equals(config.authorizationEndpoint())) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "the authorization endpoint of " + config.issuer()
                    + " changed since it was configured: run the admin tool's upstream set again");
        }
    }

    /** The provider's keys; fetched again first when {@code refresh} and the last fetch is 30 s old. */
    public JWKSet keys(Metadata m, boolean refresh, Deadline deadline) {
        long now = clock.millis();
        Keys known = keys.get(m.jwksUri());
        if (known != null && known.until() > now && (!refresh || now - known.fetched() < KEYS_REFETCH_GAP)) {
            return known.set();
        }
        try {
            JWKSet set = JWKSet.parse(get(m.jwksUri(), deadline));
            keys.put(m.jwksUri(), new Keys(set, now, now + METADATA_TTL));
            return set;
        } catch (ParseException e) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "keys of " + m.issuer() + " malformed", e);
        }
    }

    /**
     * Redeems the authorization {@code code} (RFC 6749 §4.1.3, with PKCE's {@code code_verifier})
     * and returns the ID token. A confidential client authenticates with {@code client_secret_basic}.
     */
    public String redeem(UpstreamConfig config, Metadata m, String code, String redirectUri, String verifier,
                         Deadline deadline) {
        StringBuilder form = new StringBuilder("grant_type=authorization_code")
                .append("&code=").append(enc(code))
                .append("&redirect_uri=").append(enc(redirectUri))
                .append("&code_verifier=").append(enc(verifier));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(m.tokenEndpoint())).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (config.clientSecret() != null) {
            String basic = enc(config.clientId()) + ":" + enc(config.clientSecret());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.append("&client_id=").append(enc(config.clientId()));
        }
        HttpResponse<byte[]> response = send(request.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), deadline);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "token endpoint of " + config.issuer() + " answered "
                    + response.statusCode());
        }
        Object idToken = json(body, "token response").get("id_token");
        if (!(idToken instanceof String s) || s.isEmpty()) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "token response of " + config.issuer() + " has no id_token");
        }
        return s;
    }

    private String get(String url, Deadline deadline) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build(), deadline);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "GET " + url + " answered " + response.statusCode());
        }
        return body;
    }

    /**
     * The exchange, bounded as a whole by {@link #TIMEOUT} and by {@code deadline} (the request's own
     * timeout ends when the headers arrive, so a provider trickling its body would hold the
     * function) and its body by {@link #MAX_BODY} bytes.
     */
    private HttpResponse<byte[]> send(HttpRequest request, Deadline deadline) {
        Duration left = deadline.left().compareTo(TIMEOUT) < 0 ? deadline.left() : TIMEOUT;
        if (left.isNegative() || left.isZero()) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "no time left for " + request.method() + " " + request.uri());
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = client().sendAsync(request, UpstreamProvider::capped);
        try {
            HttpResponse<byte[]> response = exchange.get(left.toMillis(), TimeUnit.MILLISECONDS);
            if (response.body().length > MAX_BODY) {
                throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, request.uri() + " answered more than " + MAX_BODY + " bytes");
            }
            return response;
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, request.method() + " " + request.uri()
                    + " not answered within " + left.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, request.method() + " " + request.uri() + " failed: "
                    + cause.getClass().getSimpleName(), cause);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, "interrupted", e);
        }
    }

    /** A body of at most {@link #MAX_BODY} + 1 bytes: once past the limit the rest is not read. */
    private static HttpResponse.BodySubscriber<byte[]> capped(HttpResponse.ResponseInfo info) {
        return new HttpResponse.BodySubscriber<>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private final CompletableFuture<byte[]> body = new CompletableFuture<>();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<byte[]> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                for (ByteBuffer b : buffers) {
                    byte[] chunk = new byte[Math.min(b.remaining(), MAX_BODY + 1 - bytes.size())];
                    b.get(chunk);
                    bytes.writeBytes(chunk);
                }
                if (bytes.size() > MAX_BODY) {
                    body.complete(bytes.toByteArray());
                    subscription.cancel();
                } else {
                    subscription.request(1);
                }
            }

            @Override
            public void onError(Throwable t) {
                body.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                body.complete(bytes.toByteArray());
            }
        };
    }

    private static Map<String, Object> json(String body, String what) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new UpstreamFailure(UpstreamFailure.Reason.PROVIDER, what + " is not a JSON object", e);
        }
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                c = http;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
                    http = c;
                }
            }
        }
        return c;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void forget() {
        metadata.clear();
        keys.clear();
        http = null;
    }

    private record Keys(JWKSet set, long fetched, long until) {
    }
}
