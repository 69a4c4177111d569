package dev.cliauth.keys;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.config.ServiceSettings;
import dev.cliauth.config.TokenSettings;
import dev.cliauth.store.PrimingMode;
import dev.cliauth.testing.MutableClock;
import dev.cliauth.testing.TestDynamo;
import dev.cliauth.token.AccessTokens;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the next key starts signing, the key before stays published "until every token it signed
 * has expired" (README, Security notes) — also the tokens of an instance that read the keys item
 * just before another rotated, which signs with the old key until its next read (every 5 minutes).
 */
class RetiredKeyKeptTest {

    private static final String ORG = "default";
    private static final String ISSUER = "https://issuer.example";

    @Test
    void aTokenSignedByAnInstanceThatHasNotSeenTheRotationYetVerifiesUntilItExpires() throws Exception {
        String table = TestDynamo.newTable();
        MutableClock clock = MutableClock.startingNow();
        TokenSettings settings = new TokenSettings(Duration.ofHours(1), Duration.ofHours(1), null, Duration.ofDays(30),
                Duration.ofDays(90), Duration.ofHours(2), Duration.ofMinutes(30));
        SigningKeys a = keys(table, clock, settings);
        SigningKeys b = keys(table, clock, settings);

        String k1 = a.signing(ORG).kid();                       // t = 0: instance A creates the first key
        clock.advance(Duration.ofMinutes(91));
        a.signing(ORG);                                          // t = 91 min: A publishes the next key
        clock.advance(Duration.ofMinutes(28));
        assertThat(b.signing(ORG).kid()).isEqualTo(k1);        // t = 119 min: B reads the item (k1 still signs)
        clock.advance(Duration.ofMinutes(2));
        String k2 = a.signing(ORG).kid();                       // t = 121 min: A rotates; k1 retired now
        assertThat(k2).isNotEqualTo(k1);
        clock.advance(Duration.ofMinutes(2));

        // t = 123 min: B has not re-read yet (every 5 min) and signs a 1 h access token with k1
        SigningKeys.Signing signing = b.signing(ORG);
        assertThat(signing.kid()).isEqualTo(k1);
        long now = clock.millis();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(signing.kid()).build(), new JWTClaimsSet.Builder().issuer(ISSUER).subject("u").jwtID("j")
                .issueTime(new Date(now)).expirationTime(new Date(now + Duration.ofHours(1).toMillis())).build());
        jwt.sign(signing.signer());
        String token = jwt.serialize();

        clock.advance(Duration.ofMinutes(59));                  // t = 182 min: the token has 1 minute left
        SigningKeys fresh = keys(table, clock, settings);        // any instance (JWKS, UserInfo) reading now
        assertThat(fresh.publicKeys(ORG).getKeyByKeyId(k1)).as("k1 published while a token it signed is unexpired")
                .isNotNull();
        assertThat(new AccessTokens(fresh).verify(token, ORG, ISSUER, clock.millis()))
                .as("UserInfo/revocation verification of the unexpired token").isPresent();
    }

    private static SigningKeys keys(String table, MutableClock clock, TokenSettings settings) {
        return new SigningKeys(TestDynamo.client(), new ServiceSettings(null, table), new SecureRandom(), clock, settings,
                null, new PrimingMode(null));
    }
}
