package dev.cliauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.config.Functions;
import dev.cliauth.keys.SigningKeys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.text.ParseException;
import java.util.Date;
import java.util.Optional;

/**
 * Reads cliauth's own access tokens back (RFC 9068 §4): an ES256 JWT of type {@code at+jwt},
 * signed by a key of the org, from the org's issuer, not expired. Anything else is no access token.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class AccessTokens {

    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final int MAX_LENGTH = 8 * 1024;

    private final SigningKeys keys;

    public AccessTokens(SigningKeys keys) {
        this.keys = keys;
    }

    /** The claims of {@code token} when it is a valid access token of {@code org} at {@code now}. */
    public Optional<JWTClaimsSet> verify(String token, String org, String issuer, long now) {
        if (token.length() > MAX_LENGTH || token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !AT_JWT.equals(jwt.getHeader().getType())
                    || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            JWK key = keys.publicKeys(org).getKeyByKeyId(jwt.getHeader().getKeyID());
            if (!(key instanceof ECKey ec) || !jwt.verify(new ECDSAVerifier(ec))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!issuer.equals(claims.getIssuer()) || exp == null || exp.getTime() <= now || claims.getJWTID() == null
                    || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
