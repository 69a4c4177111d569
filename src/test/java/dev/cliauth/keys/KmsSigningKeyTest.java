package dev.cliauth.keys;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cliauth.lambda.Priming;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyRequest;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignRequest;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A KMS-held signing key ({@code cliauth.token.kms-key-id}) through the real token handler. No
 * open-source KMS stand-in is reachable here (no container engine; none on Maven Central or npm),
 * so KMS is an in-process {@link KmsClient} holding a P-256 key pair and answering
 * {@code GetPublicKey} and {@code Sign} as KMS documents them (DER public key, DER ECDSA signature
 * over a SHA-256 digest). What is untested here is only the wire to AWS KMS.
 */
class KmsSigningKeyTest {

    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** KMS in process: one asymmetric ECC_NIST_P256 key; records the requests it gets. */
    static final class InProcessKms implements KmsClient {
        final KeyPair pair;
        final List<String> calls = new CopyOnWriteArrayList<>();

        InProcessKms() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            pair = g.generateKeyPair();
        }

        @Override
        public GetPublicKeyResponse getPublicKey(GetPublicKeyRequest request) {
            calls.add("GetPublicKey " + request.keyId());
            return GetPublicKeyResponse.builder().keyId(KEY_ARN).keySpec(KeySpec.ECC_NIST_P256)
                    .signingAlgorithms(SigningAlgorithmSpec.ECDSA_SHA_256)
                    .publicKey(SdkBytes.fromByteArray(pair.getPublic().getEncoded())).build();
        }

        @Override
        public SignResponse sign(SignRequest request) {
            calls.add("Sign " + request.keyId() + " " + request.messageType() + " " + request.signingAlgorithm());
            if (request.messageType() != MessageType.DIGEST || request.message().asByteArray().length != 32) {
                throw new IllegalArgumentException("expected a SHA-256 digest");
            }
            try {
                Signature ecdsa = Signature.getInstance("NONEwithECDSA");   // the digest as given: DER out, as KMS
                ecdsa.initSign(pair.getPrivate());
                ecdsa.update(request.message().asByteArray());
                return SignResponse.builder().keyId(KEY_ARN).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .signature(SdkBytes.fromByteArray(ecdsa.sign())).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void kmsKeyWhenConfiguredThenTokensSignedByKmsVerifyAgainstTheJwksAndNoKeyIsStored() throws Exception {
        InProcessKms kms = new InProcessKms();
        try (Functions functions = Functions.start(Map.of("cliauth.token.kms-key-id", KEY_ARN), kms)) {
            Priming.Report primed = functions.token.priming().prime();
            functions.token.priming().restored();
            assertThat(kms.calls).as("no KMS call while priming").isEmpty();
            assertThat(primed.requests()).noneMatch(r -> r.endsWith(" 500") || r.endsWith(" 503"));

            Map<String, Object> tokens = new Logins(functions).tokens(dev.cliauth.local.Seed.DEMO_CLIENT, "openid email");
            SignedJWT access = SignedJWT.parse((String) tokens.get("access_token"));
            SignedJWT id = SignedJWT.parse((String) tokens.get("id_token"));
            ECKey kmsPublic = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) kms.pair.getPublic()).build();
            assertThat(access.getHeader().getKeyID()).isEqualTo("kms-" + kmsPublic.computeThumbprint());
            assertThat(access.verify(new ECDSAVerifier(kmsPublic))).isTrue();
            assertThat(id.verify(new ECDSAVerifier(kmsPublic))).isTrue();
            assertThat(kms.calls).contains("Sign " + KEY_ARN + " DIGEST ECDSA_SHA_256");

            APIGatewayV2HTTPResponse jwks = Functions.invoke(functions.token, Events.load("jwks").build());
            JWKSet published = JWKSet.parse(jwks.getBody());
            assertThat(published.getKeys()).hasSize(1);
            assertThat(published.getKeys().get(0).getKeyID()).isEqualTo(access.getHeader().getKeyID());
            assertThat(published.getKeys().get(0).isPrivate()).isFalse();
            assertThat(access.verify(new ECDSAVerifier(published.getKeys().get(0).toECKey()))).isTrue();

            assertThat(functions.dynamo.getItem(g -> g.tableName(functions.table)
                    .key(Attrs.key(Keys.signingKeys("default"))).consistentRead(true)).item())
                    .as("no private key generated or stored").isNullOrEmpty();

            APIGatewayV2HTTPResponse userinfo = Functions.invoke(functions.token, Events.load("jwks").path("/oauth2/userinfo")
                    .header("authorization", "Bearer " + tokens.get("access_token")).build());
            assertThat(userinfo.getStatusCode()).as(userinfo.getBody()).isEqualTo(200);
            assertThat(Functions.json(userinfo)).containsEntry("sub", "demo-user-1");
        }
    }
}
