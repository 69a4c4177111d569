package dev.cliauth.upstream;

import dev.cliauth.code.DeviceCode;
import dev.cliauth.config.Functions;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Dynamo;
import dev.cliauth.store.Keys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * One company sign-in through an org's OpenID provider: the authorization code flow with PKCE
 * (S256), a nonce and a state (RFC 9700 §2.1, OpenID Connect Core §3.1.2). What the browser must
 * come back with is kept server-side under the state's hash ({@code SSO#}, ten minutes), bound to
 * the browser that started it (the hash of its CSRF cookie), and taken by a conditional delete:
 * a state works once, in that browser, and a replayed or injected one finds nothing.
 */
@Singleton
@Requires(env = Functions.VERIFICATION)
public class CompanySignIn {

    static final long STATE_TTL_MILLIS = 10 * 60_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final DynamoDbClient dynamo;
    private final String table;
    private final UpstreamProvider provider;
    private final SecureRandom random;

    public CompanySignIn(DynamoDbClient dynamo, ServiceSettings settings, UpstreamProvider provider, SecureRandom random) {
        this.dynamo = dynamo;
        this.table = settings.table();
        this.provider = provider;
        this.random = random;
    }

    /** Who the provider says signed in, checked, and the code the user was confirming. */
    public record Finished(IdTokens.Verified who, String displayCode, boolean reauthentication) {

        public String subject() {
            return who.subject();
        }

        public @Nullable String email() {
            return who.email();
        }

        public boolean emailVerified() {
            return who.emailVerified();
        }

        public @Nullable String name() {
            return who.name();
        }

        public @Nullable Long authTime() {
            return who.authTimeMillis();
        }
    }

    /**
     * Starts a sign-in for the browser whose CSRF cookie is {@code browserNonce}, to come back to
     * {@code redirectUri} and on to the confirmation of {@code displayCode}; {@code reauthentication}
     * asks the provider to ask for the password again ({@code prompt=login}). The URL to send the
     * browser to.
     */
    public String start(UpstreamConfig config, String redirectUri, String browserNonce, String displayCode,
                        boolean reauthentication, long now) {
        UpstreamProvider.Metadata m = provider.metadata(config, UpstreamProvider.Deadline.in(UpstreamProvider.Deadline.PER_REQUEST));
        String state = randomValue();
        String nonce = randomValue();
        String verifier = randomValue();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.upstreamState(DeviceCode.hash(state))));
        item.put(Keys.ORG, Attrs.s(config.org()));
        item.put("verifier", Attrs.s(verifier));
        item.put("nonce", Attrs.s(nonce));
        item.put("code", Attrs.s(displayCode));
        item.put("browser", Attrs.s(DeviceCode.hash(browserNonce)));
        item.put("reauth", Attrs.bool(reauthentication));
        item.put("started_at", Attrs.n(now));
        item.put("expires_at", Attrs.n(now + STATE_TTL_MILLIS));
        item.put(Keys.TTL, Attrs.n((now + STATE_TTL_MILLIS) / 1000 + 1));
        Dynamo.call("PutItem company sign-in", () -> dynamo.putItem(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")));
        String url = m.authorizationEndpoint() + (m.authorizationEndpoint().contains("?") ? "&" : "?")
                + "response_type=code"
                + "&client_id=" + enc(config.clientId())
                + "&redirect_uri=" + enc(redirectUri)
                + "&scope=" + enc("openid email profile")
                + "&state=" + state
                + "&nonce=" + nonce
                + "&code_challenge=" + DeviceCode.hash(verifier)     // S256: base64url(SHA-256(verifier))
                + "&code_challenge_method=S256";
        return reauthentication ? url + "&prompt=login" : url;
    }

    /**
     * Finishes the sign-in {@code state} names, in the browser whose CSRF cookie is
     * {@code browserNonce}: takes the state (once), redeems {@code code} with its PKCE verifier and
     * checks the ID token against the nonce it sent. {@code iss} is the callback's RFC 9207
     * parameter, when the provider sends one.
     */
    public Finished finish(UpstreamConfig config, String state, String code, @Nullable String iss,
                           @Nullable String browserNonce, String redirectUri, long now) {
        if (state.isEmpty() || state.length() > 128 || code.isEmpty() || code.length() > 2048) {
            throw new UpstreamFailure(UpstreamFailure.Reason.STATE, "callback without a usable state or code");
        }
        if (browserNonce == null) {
            throw new UpstreamFailure(UpstreamFailure.Reason.STATE, "callback in a browser without its CSRF cookie");
        }
        // Taken only by the browser that started it: another browser's attempt (an injected state)
        // deletes nothing, so it cannot spend the real sign-in either.
        Map<String, AttributeValue> taken;
        try {
            taken = Dynamo.call("DeleteItem company sign-in", () -> dynamo.deleteItem(d -> d.tableName(table)
                    .key(Attrs.key(Keys.upstreamState(DeviceCode.hash(state))))
                    .conditionExpression("attribute_exists(pk) AND #browser = :browser AND #org = :org")
                    .expressionAttributeNames(Map.of("#browser", "browser", "#org", Keys.ORG))
                    .expressionAttributeValues(Map.of(":browser", Attrs.s(DeviceCode.hash(browserNonce)), ":org", Attrs.s(config.org())))
                    .returnValues(ReturnValue.ALL_OLD))).attributes();
        } catch (ConditionalCheckFailedException unknown) {
            throw new UpstreamFailure(UpstreamFailure.Reason.STATE,
                    "state unknown: used already, expired, made up, of another org or started in another browser");
        }
        if (Attrs.num(taken, "expires_at", 0) <= now) {
            throw new UpstreamFailure(UpstreamFailure.Reason.STATE, "state expired");
        }
        if (iss != null && !iss.equals(config.issuer())) {
            throw new UpstreamFailure(UpstreamFailure.Reason.REJECTED_TOKEN, "callback iss is not the configured issuer");
        }
        UpstreamProvider.Deadline deadline = UpstreamProvider.Deadline.in(UpstreamProvider.Deadline.PER_REQUEST);
        UpstreamProvider.Metadata m = provider.metadata(config, deadline);
        // "Clients MUST reject authorization responses without the iss parameter from
        // authorization servers that support it" (RFC 9207 §2.4).
        if (iss == null && m.issInAuthorizationResponse()) {
            throw new UpstreamFailure(UpstreamFailure.Reason.REJECTED_TOKEN, "callback without iss from a provider that sends it");
        }
        String idToken = provider.redeem(config, m, code, redirectUri, Attrs.str(taken, "verifier"), deadline);
        IdTokens.Verified who = IdTokens.verify(idToken, config, m, refresh -> provider.keys(m, refresh, deadline),
                Attrs.str(taken, "nonce"), now);
        boolean reauth = Attrs.flag(taken, "reauth");
        if (reauth && (who.authTimeMillis() == null
                || who.authTimeMillis() < Attrs.num(taken, "started_at", now) - IdTokens.SKEW_MILLIS)) {
            throw new UpstreamFailure(UpstreamFailure.Reason.NOT_REAUTHENTICATED,
                    "asked to sign in again, the provider answered with an older sign-in");
        }
        return new Finished(who, Attrs.str(taken, "code"), reauth);
    }

    /** The key of a provider's subject's link: issuer and subject together, hashed. */
    public static String subjectHash(String issuer, String subject) {
        return DeviceCode.hash(issuer + "\n" + subject);
    }

    private String randomValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
