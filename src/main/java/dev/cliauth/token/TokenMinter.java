package dev.cliauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.config.TokenSettings;
import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.keys.SigningKeys;
import dev.cliauth.config.Functions;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;

/**
 * Signs the tokens of an approved grant: an access token per RFC 9068 ({@code typ: at+jwt},
 * ES256, {@code kid}) and, when {@code openid} was granted, an ID token (OpenID Connect Core §2)
 * with {@code email} and {@code profile} claims by scope.
 */
@Singleton
@Requires(env = Functions.TOKEN)
public class TokenMinter {

    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final SigningKeys keys;
    private final TokenSettings settings;
    private final SecureRandom random;

    public TokenMinter(SigningKeys keys, TokenSettings settings, SecureRandom random) {
        this.keys = keys;
        this.settings = settings;
        this.random = random;
    }

    /** Signed tokens and the id of the access token, recorded on the grant. */
    public record Minted(Tokens tokens, String accessTokenId) {
    }

    /** A new access token id ({@code jti}, RFC 7519 §4.1.7): 128 random bits. */
    public String newTokenId() {
        return randomId();
    }

    public Minted mint(DeviceGrant grant, String issuer, long now) {
        return mint(grant, issuer, now, newTokenId());
    }

    /** Signs the tokens of {@code grant}, the access token with id {@code jti}. */
    public Minted mint(DeviceGrant grant, String issuer, long now, String jti) {
        return mint(Authorization.of(grant), issuer, now, jti);
    }

    /** Signs the tokens of {@code grant}, the access token with id {@code jti}. */
    public Minted mint(Authorization grant, String issuer, long now, String jti) {
        SigningKeys.Signing key = keys.signing(grant.org());
        Date issuedAt = new Date(now / 1000 * 1000);
        Date accessExpiry = new Date(issuedAt.getTime() + settings.accessTokenTtl().toMillis());
        JWTClaimsSet.Builder access = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(grant.subject())
                .audience(settings.audience() != null && !settings.audience().isBlank() ? settings.audience() : grant.clientId())
                .claim("client_id", grant.clientId())
                .issueTime(issuedAt)
                .expirationTime(accessExpiry)
                .jwtID(jti)
                .claim("auth_time", grant.authTime() / 1000);
        if (!grant.scopes().isEmpty()) {
            access.claim("scope", String.join(" ", grant.scopes()));
        }
        if (grant.session() != null) {
            access.claim("sid", grant.session());
        }
        // Identity claims as granted (RFC 9068 §2.2.2), which the UserInfo endpoint answers from.
        if (grant.scopes().contains("email") && grant.email() != null) {
            access.claim("email", grant.email()).claim("email_verified", grant.emailVerified());
        }
        if (grant.scopes().contains("profile") && grant.name() != null && !grant.name().isEmpty()) {
            access.claim("name", grant.name());
        }
        String accessToken = sign(key, AT_JWT, access.build());
        String idToken = null;
        if (grant.scopes().contains("openid")) {
            JWTClaimsSet.Builder id = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .subject(grant.subject())
                    .audience(grant.clientId())
                    .issueTime(issuedAt)
                    .expirationTime(new Date(issuedAt.getTime() + settings.idTokenTtl().toMillis()))
                    .jwtID(randomId())
                    .claim("auth_time", grant.authTime() / 1000);
            if (grant.scopes().contains("email") && grant.email() != null) {
                id.claim("email", grant.email()).claim("email_verified", grant.emailVerified());
            }
            if (grant.scopes().contains("profile") && grant.name() != null && !grant.name().isEmpty()) {
                id.claim("name", grant.name());
            }
            idToken = sign(key, JOSEObjectType.JWT, id.build());
        }
        long expiresIn = settings.accessTokenTtl().toSeconds();
        return new Minted(new Tokens(accessToken, expiresIn, grant.scopes(), idToken, null, grant), jti);
    }

    private static String sign(SigningKeys.Signing key, JOSEObjectType type, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(key.kid()).build(), claims);
            jwt.sign(key.signer());
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    private String randomId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
