package io.mianshen.audit.ledger;

import io.mianshen.audit.config.AuditSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Signs and checks the ledger's checkpoints with Ed25519. What is signed ({@link #signedText}) is the same text the
 * offline verifier ({@code bin/verify-ledger}) checks: a checkpoint says that the chain up to its sequence number
 * ended in its entry hash, with its running digest, when the verifier found it intact. The keys are settings
 * ({@code mianshen.audit.checkpoint-signing-key}, {@code checkpoint-public-key}); without them the service does not start.
 */
@Component
public class CheckpointSignatures {

    private final PrivateKey signingKey;
    private final PublicKey publicKey;

    CheckpointSignatures(AuditSettings settings) {
        String signingKey = settings.checkpointSigningKey();
        String publicKey = settings.checkpointPublicKey();
        try {
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            this.signingKey = keys.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(signingKey.strip())));
            this.publicKey = keys.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "The ledger's checkpoint keys are not an Ed25519 pair in base64 (PKCS#8 and X.509): "
                            + e.getMessage(),
                    e);
        }
        if (!verify("key check", sign("key check"))) {
            throw new IllegalStateException(
                    "mianshen.audit.checkpoint-public-key is not the public half of checkpoint-signing-key");
        }
    }

    /** The text a checkpoint's signature covers. */
    public static String signedText(long sequence, String entryHash, String digest, Instant verifiedAt) {
        return "mianshen-ledger-checkpoint-v1\n" + sequence + "\n" + entryHash + "\n" + digest + "\n" + verifiedAt
                + "\n";
    }

    /** The base64 signature of {@code text}. */
    String sign(String text) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(signingKey);
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
    }

    /** Whether {@code signature} (base64) is this key's signature of {@code text}. */
    boolean verify(String text, String signature) {
        if (signature == null) {
            return false;
        }
        try {
            Signature check = Signature.getInstance("Ed25519");
            check.initVerify(publicKey);
            check.update(text.getBytes(StandardCharsets.UTF_8));
            return check.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key as PEM, for auditors. */
    public String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }
}
