package io.mianshen.local.services;

import io.mianshen.local.StackFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The local stack's Ed25519 pair for the ledger's checkpoints, made on first start in the data folder
 * ({@code audit/checkpoint-signing-key}, readable by its owner only, and {@code audit/checkpoint-key.pem}, the public
 * key an auditor verifies exports with).
 *
 * @param signingKey base64 PKCS#8
 * @param publicKey  base64 X.509
 * @param publicPem  where the public key is, as PEM
 */
public record CheckpointKeys(String signingKey, String publicKey, Path publicPem) {

    /** The pair of {@code dataDirectory}, made there if it is not yet. */
    public static CheckpointKeys in(Path dataDirectory) {
        Path folder = dataDirectory.resolve("audit");
        Path privateFile = folder.resolve("checkpoint-signing-key");
        Path publicFile = folder.resolve("checkpoint-key.pem");
        try {
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                Files.createDirectories(folder);
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Files.writeString(
                        privateFile,
                        Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                        StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // a file system without POSIX permissions: the data folder is the developer's own
                }
                Files.writeString(
                        publicFile,
                        "-----BEGIN PUBLIC KEY-----\n"
                                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                        .encodeToString(pair.getPublic().getEncoded())
                                + "\n-----END PUBLIC KEY-----\n",
                        StandardCharsets.US_ASCII);
            }
            String pem = Files.readString(publicFile, StandardCharsets.US_ASCII);
            String publicKey = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return new CheckpointKeys(
                    Files.readString(privateFile, StandardCharsets.US_ASCII).strip(), publicKey, publicFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new StackFailure(
                    "cannot make or read the ledger's checkpoint keys in " + folder + ": " + e.getMessage(), e);
        }
    }
}
