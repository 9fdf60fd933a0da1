package io.mianshen.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaLoginTest {

    @Test
    void aSaslProtocolWithoutALoginStopsTheServiceNamingTheSetting() {
        assertThatThrownBy(() -> new KafkaLogin("SASL_SSL", "").check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KAFKA_SASL_JAAS_CONFIG")
                .hasMessageContaining("SASL_SSL");
        assertThatThrownBy(() -> new KafkaLogin("sasl_plaintext", null).check())
                .hasMessageContaining("KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void aLoginOrATestBrokerWithoutSaslStarts() {
        KafkaLogin scram = new KafkaLogin(
                        "SASL_PLAINTEXT",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"audit-service\" password=\"x\";")
                .check();
        assertThat(scram.authenticated()).isTrue();
        assertThat(new KafkaLogin("PLAINTEXT", "").check().authenticated()).isFalse();
    }
}
