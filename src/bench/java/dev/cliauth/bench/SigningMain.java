package dev.cliauth.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child JVM (Lambda's flags) of {@link Signing}: the cost of one Nimbus ES256 signature of an
 * access token shaped like {@code TokenMinter}'s (header with {@code typ} and {@code kid}, nine
 * claims, a new {@link ECDSASigner} per token, as {@code TokenMinter} does): the first one in a fresh
 * JVM, then warm.
 *
 * <p>Arguments: warm-up signatures, recorded signatures.
 */
public final class SigningMain {

    private SigningMain() {
    }

    public static void main(String[] args) throws JOSEException {
        int warmup = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                .keyIDFromThumbprint(true).generate();
        long start = System.nanoTime();
        sign(key);
        long first = System.nanoTime() - start;
        for (int i = 0; i < warmup; i++) {
            sign(key);
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            sign(key);
            nanos[i] = System.nanoTime() - t;
        }
        Percentiles p = new Percentiles(nanos);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("first_sign_ms", Percentiles.round(first / 1e6));
        out.put("sign_p50_ms", Percentiles.round(p.p50()));
        out.put("sign_p99_ms", Percentiles.round(p.p99()));
        out.put("sign_mean_ms", Percentiles.round(p.meanMs()));
        out.put("samples", iterations);
        ChildJvm.report(out);
        System.exit(0);
    }

    private static String sign(ECKey key) throws JOSEException {
        long now = System.currentTimeMillis() / 1000 * 1000;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com")
                .subject("demo-user-1")
                .audience("demo-cli")
                .claim("client_id", "demo-cli")
                .issueTime(new Date(now))
                .expirationTime(new Date(now + 3_600_000))
                .jwtID(Long.toHexString(System.nanoTime()))
                .claim("auth_time", now / 1000)
                .claim("scope", "openid email")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
