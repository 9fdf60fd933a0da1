package io.mianshen.support.kafka;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's Kafka login as configured ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}),
 * checked at start: a SASL protocol without a login stops the service and names the setting, instead of the
 * client's "no KafkaClient entry in the JAAS configuration" on its first poll; a connection without SASL works
 * (the test broker) but is logged at WARN, since any client could then write any topic.
 *
 * @param protocol   {@code spring.kafka.security.protocol}
 * @param jaasConfig {@code spring.kafka.properties.sasl.jaas.config}
 */
record KafkaLogin(String protocol, String jaasConfig) {

    private static final Logger log = LoggerFactory.getLogger(KafkaLogin.class);

    /** Whether the broker will know who this service is. */
    boolean authenticated() {
        return protocol.toUpperCase(Locale.ROOT).startsWith("SASL_");
    }

    /** Fails when a SASL protocol has no login; warns when there is no SASL at all. */
    KafkaLogin check() {
        if (authenticated() && (jaasConfig == null || jaasConfig.isBlank())) {
            throw new IllegalStateException(
                    "KAFKA_SECURITY_PROTOCOL is " + protocol + " but KAFKA_SASL_JAAS_CONFIG (spring.kafka.properties."
                            + "sasl.jaas.config) is not set: give the service its Kafka login, for example org.apache.kafka.common.security.scram."
                            + "ScramLoginModule required username=\"...\" password=\"...\";");
        }
        if (!authenticated()) {
            log.warn(
                    "Kafka connection without authentication (KAFKA_SECURITY_PROTOCOL={}): for a test broker only; the broker cannot tell "
                            + "this service from any other client",
                    protocol);
        }
        return this;
    }
}
