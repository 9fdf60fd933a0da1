package io.mianshen.audit.config;

import static io.mianshen.support.settings.SettingCheck.require;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit service's own settings ({@code mianshen.audit.*}), checked at start: without its checkpoint keys the
 * service does not start, naming the variables to set.
 *
 * @param checkpointSigningKey the Ed25519 private key (base64 PKCS#8) that signs the ledger's checkpoints
 * @param checkpointPublicKey  its public half (base64 X.509), which auditors check checkpoints and exports with
 */
@ConfigurationProperties("mianshen.audit")
public record AuditSettings(
        @DefaultValue("") String checkpointSigningKey,
        @DefaultValue("") String checkpointPublicKey) {

    public AuditSettings {
        require(
                !checkpointSigningKey.isBlank(),
                "mianshen.audit.checkpoint-signing-key",
                "MIANSHEN_CHECKPOINT_SIGNING_KEY",
                "set to an Ed25519 private key in base64 (PKCS#8)",
                "not set");
        require(
                !checkpointPublicKey.isBlank(),
                "mianshen.audit.checkpoint-public-key",
                "MIANSHEN_CHECKPOINT_PUBLIC_KEY",
                "set to the Ed25519 public key in base64 (X.509)",
                "not set");
    }

    @Override
    public String toString() {
        return "AuditSettings[checkpointSigningKey=(secret), checkpointPublicKey=" + checkpointPublicKey + "]";
    }
}
