package io.mianshen.local.infra;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * How one principal reaches the local broker: its address and SASL credential ({@code SCRAM-SHA-512}, or
 * {@code PLAIN} for {@link KafkaPrincipals#ADMIN}), over the local stack's unencrypted loopback listener.
 *
 * @param bootstrapServers the broker, {@code localhost:9092}
 * @param username         the principal
 * @param password         its password
 * @param mechanism        {@code SCRAM-SHA-512} or {@code PLAIN}
 */
public record KafkaAccess(String bootstrapServers, String username, String password, String mechanism) {

    /** The SCRAM mechanism every principal but the administrator uses. */
    public static final String SCRAM = "SCRAM-SHA-512";

    @Override
    public String toString() {
        return "KafkaAccess[" + username + "@" + bootstrapServers + "]";
    }

    /** Settings for a Java Kafka client (producer, consumer or admin) that authenticates as this principal. */
    public Map<String, Object> clientSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        settings.put(SaslConfigs.SASL_MECHANISM, mechanism);
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
        return settings;
    }

    /** The {@code sasl.jaas.config} a Java client (a service's {@code KAFKA_SASL_JAAS_CONFIG}) logs in with. */
    public String jaasConfig() {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=" + quoted(username) + " password=" + quoted(password) + ";";
    }

    /** The same as a librdkafka configuration file, for {@code kcat -F}. */
    public String kcatConfig() {
        return String.join(
                "\n",
                "# " + username + " on the local stack's broker: kcat -F <this file> ...",
                "bootstrap.servers=" + bootstrapServers,
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanisms=" + mechanism,
                "sasl.username=" + username,
                "sasl.password=" + password,
                "");
    }

    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
