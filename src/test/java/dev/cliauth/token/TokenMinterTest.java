package dev.cliauth.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.config.Functions;
import dev.cliauth.grant.DeviceGrant;
import dev.cliauth.grant.GrantStatus;
import dev.cliauth.keys.SigningKeys;
import dev.cliauth.testing.TestDynamo;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Token minting as the token function's beans: RFC 9068 access tokens and ID tokens, ES256 with kid. */
@MicronautTest(environments = Functions.TOKEN, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenMinterTest implements TestPropertyProvider {

    private static final long NOW = 1_790_000_000_000L;

    @Inject
    TokenMinter minter;

    @Inject
    SigningKeys keys;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("cliauth.table", TestDynamo.newTable(), "cliauth.dynamodb.endpoint", TestDynamo.endpoint(),
                "cliauth.token.access-token-ttl", "15m");
    }

    private static DeviceGrant approved(List<String> scopes) {
        return new DeviceGrant("hash", "default", "BCDFGHJK", "demo-cli", "Demo CLI", scopes, GrantStatus.APPROVED,
                NOW - 60_000, NOW + 540_000, 5, 4_000, NOW, 3, 160, "192.0.2.1", "agent", "user-1", "a@example.com",
                "A Person", NOW - 30_000);
    }

    @Test
    void mintWhenOpenidThenAccessTokenPerRfc9068AndIdTokenSignedWithThePublishedKey() throws Exception {
        TokenMinter.Minted minted = minter.mint(approved(List.of("openid", "email", "profile")), "https://issuer.example", NOW);
        ECKey published = (ECKey) keys.publicKeys("default").getKeys().get(0);

        SignedJWT access = SignedJWT.parse(minted.tokens().accessToken());
        assertThat(access.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(access.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(access.verify(new ECDSAVerifier(published))).isTrue();
        var claims = access.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://issuer.example");
        assertThat(claims.getSubject()).isEqualTo("user-1");
        assertThat(claims.getAudience()).containsExactly("demo-cli");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-cli");
        assertThat(claims.getStringClaim("scope")).isEqualTo("openid email profile");
        assertThat(claims.getJWTID()).isEqualTo(minted.accessTokenId()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(15 * 60_000);
        assertThat(minted.tokens().expiresIn()).isEqualTo(900);

        SignedJWT id = SignedJWT.parse(minted.tokens().idToken());
        assertThat(id.verify(new ECDSAVerifier(published))).isTrue();
        assertThat(id.getJWTClaimsSet().getAudience()).containsExactly("demo-cli");
        assertThat(id.getJWTClaimsSet().getStringClaim("email")).isEqualTo("a@example.com");
        assertThat(id.getJWTClaimsSet().getStringClaim("name")).isEqualTo("A Person");
    }

    @Test
    void mintWhenNoOpenidThenNoIdTokenAndWhenNoScopesThenNoScopeClaim() throws Exception {
        assertThat(minter.mint(approved(List.of("email")), "https://issuer.example", NOW).tokens().idToken()).isNull();
        TokenMinter.Minted bare = minter.mint(approved(List.of()), "https://issuer.example", NOW);
        assertThat(SignedJWT.parse(bare.tokens().accessToken()).getJWTClaimsSet().getClaims()).doesNotContainKey("scope");
    }
}
