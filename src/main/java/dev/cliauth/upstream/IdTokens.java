package dev.cliauth.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Date;
import java.util.List;

/**
 * ID token validation as OpenID Connect Core §3.1.3.7 asks of a client using the code flow: an
 * asymmetric signature by one of the provider's keys with an algorithm it announced, {@code iss}
 * exactly the configured issuer, {@code aud} naming cliauth's client id (and {@code azp} it when
 * there are several), {@code exp} and {@code iat} within a minute's skew, and the {@code nonce}
 * this sign-in sent. The first failing check is the one reported (for the log only).
 */
final class IdTokens {

    static final long SKEW_MILLIS = 60_000;
    static final long MAX_AGE_MILLIS = 10 * 60_000;

    /** The checked claims cliauth uses. */
    record Verified(String subject, @Nullable String email, boolean emailVerified, @Nullable String name,
                    @Nullable Long authTimeMillis) {
    }

    /** Where a token's signing key comes from: the provider's keys, fetched again when asked. */
    interface KeySource {
        JWKSet keys(boolean refresh);
    }

    private IdTokens() {
    }

    static Verified verify(String idToken, UpstreamConfig config, UpstreamProvider.Metadata metadata, KeySource keys,
                           String nonce, long now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(idToken);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw rejected("not a signed JWT");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!UpstreamProvider.ASYMMETRIC.contains(alg) || !metadata.idTokenAlgorithms().contains(alg)) {
            throw rejected("algorithm " + alg + " not allowed");
        }
        JWK key = key(keys.keys(false), jwt);
        if (key == null) {
            key = key(keys.keys(true), jwt);     // the provider may have rotated its keys
        }
        if (key == null) {
            throw rejected("no key of the provider matches kid and algorithm");
        }
        try {
            Key publicKey = ((AsymmetricJWK) key).toPublicKey();
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), publicKey);
            if (!jwt.verify(verifier)) {
                throw rejected("signature does not verify");
            }
        } catch (JOSEException | ClassCastException e) {
            throw rejected("signature cannot be checked with the provider's key");
        }
        if (!config.issuer().equals(claims.getIssuer())) {
            throw rejected("iss is not the configured issuer");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(config.clientId())) {
            throw rejected("aud does not name this client");
        }
        Object azp = claims.getClaim("azp");
        if ((audience.size() > 1 || azp != null) && !config.clientId().equals(azp)) {
            throw rejected("azp is not this client");
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || exp.getTime() + SKEW_MILLIS <= now) {
            throw rejected("expired");
        }
        if (iat == null || iat.getTime() - SKEW_MILLIS > now || now - iat.getTime() > MAX_AGE_MILLIS) {
            throw rejected("iat missing, in the future or too old");
        }
        Object tokenNonce = claims.getClaim("nonce");
        if (!(tokenNonce instanceof String n) || !MessageDigest.isEqual(n.getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8))) {
            throw rejected("nonce is not the one this sign-in sent");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty() || subject.length() > 255) {
            throw rejected("sub missing or longer than 255 characters");
        }
        Object email = claims.getClaim("email");
        Object verified = claims.getClaim("email_verified");
        Object name = claims.getClaim("name");
        Date authTime = null;
        try {
            authTime = claims.getDateClaim("auth_time");
        } catch (ParseException e) {
            throw rejected("auth_time is not a time");
        }
        return new Verified(subject, email instanceof String e ? e : null,
                Boolean.TRUE.equals(verified) || "true".equals(verified), name instanceof String s ? s : null,
                authTime == null ? null : Math.min(authTime.getTime(), now));
    }

    /** The provider's key for {@code jwt}: by {@code kid} when it names one, else the only fitting signing key. */
    private static @Nullable JWK key(JWKSet set, SignedJWT jwt) {
        String kid = jwt.getHeader().getKeyID();
        List<JWK> fitting = set.getKeys().stream()
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k -> k.getAlgorithm() == null || k.getAlgorithm().equals(jwt.getHeader().getAlgorithm()))
                .filter(k -> k instanceof AsymmetricJWK)
                .filter(k -> kid == null || kid.equals(k.getKeyID()))
                .filter(k -> !k.isPrivate())
                .toList();
        return fitting.size() == 1 ? fitting.get(0) : null;
    }

    private static UpstreamFailure rejected(String why) {
        return new UpstreamFailure(UpstreamFailure.Reason.REJECTED_TOKEN, "ID token rejected: " + why);
    }
}
