package dev.cliauth.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing keys rotate on a schedule (SPEC §7): the next key is in the JWKS before it signs, and the
 * one before stays in the JWKS, and keeps verifying, until every token it signed has expired.
 */
class SigningKeyRotationTest {

    private static final Map<String, Object> TWO_HOURS = Map.of("cliauth.token.signing-key-rotation", "2h",
            "cliauth.token.signing-key-publish-ahead", "30m");

    @Test
    void theNextKeyIsPublishedBeforeItSignsAndTheOldOneStaysUntilItsTokensExpire() throws Exception {
        try (Functions functions = Functions.start(TWO_HOURS)) {
            Logins logins = new Logins(functions);
            String k1 = kid(accessToken(functions, logins));
            assertThat(kids(functions)).containsExactly(k1);

            functions.clock.advance(Duration.ofMinutes(91));     // rotation due in 29 minutes: the next key is published
            List<String> published = kids(functions);
            assertThat(published).hasSize(2).startsWith(k1);
            String k2 = published.get(1);
            assertThat(kid(accessToken(functions, logins))).as("published, not signing yet").isEqualTo(k1);

            functions.clock.advance(Duration.ofMinutes(31));     // 2 h 2 min: the next key signs
            assertThat(kid(accessToken(functions, logins))).isEqualTo(k2);
            assertThat(kids(functions)).as("the old key still published").containsExactly(k2, k1);

            functions.clock.advance(Duration.ofMinutes(65));     // every token the old key signed (1 h) has expired
            assertThat(kids(functions)).as("retired key dropped").containsExactly(k2);
        }
    }

    @Test
    void aTokenSignedJustBeforeARotationStillVerifiesAfterIt() throws Exception {
        try (Functions functions = Functions.start(TWO_HOURS)) {
            Logins logins = new Logins(functions);
            accessToken(functions, logins);
            functions.clock.advance(Duration.ofMinutes(91));
            assertThat(kids(functions)).as("the next key published").hasSize(2);
            functions.clock.advance(Duration.ofMinutes(27));     // 1 h 58 min: the old key's last minutes of signing
            String token = accessToken(functions, logins);
            String signedBy = kid(token);
            functions.clock.advance(Duration.ofMinutes(7));      // rotated meanwhile; the token has 53 minutes left
            List<String> after = kids(functions);
            assertThat(after).hasSize(2).contains(signedBy);
            assertThat(after.get(0)).as("another key signs now").isNotEqualTo(signedBy);
            var info = Functions.invoke(functions.token, Events.load("jwks").path("/oauth2/userinfo").method("GET")
                    .header("authorization", "Bearer " + token).build());
            assertThat(info.getStatusCode()).as(info.getBody()).isEqualTo(200);
        }
    }

    /** A whole login's access token, signed now. */
    private static String accessToken(Functions functions, Logins logins) {
        return (String) logins.tokens("demo-cli", "openid email").get("access_token");
    }

    private static String kid(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    private static List<String> kids(Functions functions) throws Exception {
        String body = Functions.invoke(functions.token, Events.load("jwks").build()).getBody();
        return JWKSet.parse(body).getKeys().stream().map(JWK::getKeyID).toList();
    }
}
