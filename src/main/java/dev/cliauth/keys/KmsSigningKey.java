package dev.cliauth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import dev.cliauth.config.DynamoDbSettings;
import dev.cliauth.store.DynamoCredentials;
import dev.cliauth.store.Primed;
import dev.cliauth.store.PrimingMode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Set;

/**
 * An ES256 signing key held by AWS KMS ({@code cliauth.token.kms-key-id}: a key id, ARN or alias of
 * an asymmetric {@code ECC_NIST_P256} key with usage {@code SIGN_VERIFY}). Its private part never
 * leaves KMS: each token's signing input is hashed here and KMS signs the digest
 * ({@code Sign}, {@code ECDSA_SHA_256}, message type {@code DIGEST}); its DER signature is
 * transcoded to JOSE's 64-byte form. The public key is read once ({@code GetPublicKey}) and
 * published under a key id derived from it (its RFC 7638 thumbprint). The client and the public key
 * come at the first use after a restore, never during init or priming.
 */
@Singleton
@Requires(env = "token")
@Requires(property = "cliauth.token.kms-key-id")
public class KmsSigningKey implements Primed, JWSSigner {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String keyId;
    private final PrimingMode priming;
    private final DynamoDbSettings region;
    private final KmsClient provided;
    private final JCAContext jca = new JCAContext();
    private volatile KmsClient client;
    private volatile ECKey publicKey;

    public KmsSigningKey(@Value("${cliauth.token.kms-key-id}") String keyId, PrimingMode priming, DynamoDbSettings region,
                         @Nullable KmsClient provided) {
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("cliauth.token.kms-key-id is empty");
        }
        this.keyId = keyId;
        this.priming = priming;
        this.region = region;
        this.provided = provided;
    }

    /** The public key as published: ES256, use {@code sig}, key id {@code kms-} and its thumbprint. */
    public ECKey publicKey() {
        ECKey key = publicKey;
        if (key == null) {
            GetPublicKeyResponse r = kms().getPublicKey(b -> b.keyId(keyId));
            if (r.keySpec() != KeySpec.ECC_NIST_P256 || !r.signingAlgorithms().contains(SigningAlgorithmSpec.ECDSA_SHA_256)) {
                throw new IllegalStateException("cliauth.token.kms-key-id must name an ECC_NIST_P256 SIGN_VERIFY key");
            }
            try {
                ECPublicKey pub = (ECPublicKey) KeyFactory.getInstance("EC")
                        .generatePublic(new X509EncodedKeySpec(r.publicKey().asByteArray()));
                ECKey unnamed = new ECKey.Builder(Curve.P_256, pub).build();
                key = new ECKey.Builder(Curve.P_256, pub).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyID("kms-" + unnamed.computeThumbprint().toString()).build();
            } catch (java.security.GeneralSecurityException | JOSEException e) {
                throw new IllegalStateException("the KMS public key is not a P-256 key", e);
            }
            publicKey = key;
        }
        return key;
    }

    /** The key id tokens it signs carry. */
    public String kid() {
        return publicKey().getKeyID();
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new JOSEException("the KMS key signs ES256 only");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(signingInput);
            byte[] der = kms().sign(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(digest))
                    .messageType(MessageType.DIGEST).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                    .signature().asByteArray();
            return Base64URL.encode(ECDSA.transcodeSignatureToConcat(der, ECDSA.getSignatureByteArrayLength(JWSAlgorithm.ES256)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new JOSEException("SHA-256", e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }

    private KmsClient kms() {
        if (priming.active()) {
            throw new IllegalStateException("no KMS call while priming");
        }
        if (provided != null) {
            return provided;
        }
        KmsClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    var builder = KmsClient.builder()
                            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(TIMEOUT).socketTimeout(TIMEOUT).build())
                            .credentialsProvider(DynamoCredentials.forAws(priming));
                    if (region.region() != null && !region.region().isBlank()) {
                        builder.region(Region.of(region.region()));
                    }
                    c = builder.build();
                    client = c;
                }
            }
        }
        return c;
    }

    /** Drops the client (and its connections) and the public key read before a snapshot. */
    @Override
    public void forget() {
        KmsClient c = client;
        client = null;
        publicKey = null;
        if (c != null) {
            c.close();
        }
    }
}
