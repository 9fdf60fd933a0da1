package io.mianshen.intake.config;

import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import io.mianshen.support.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The fact topics this service writes, created when missing. */
@Configuration(proxyBeanMethods = false)
class KafkaTopics {

    @Bean
    KafkaAdmin.NewTopics factTopics(EventContract contract, KafkaSettings settings) {
        return new KafkaAdmin.NewTopics(contract.topics().stream()
                .filter(topic -> topic.writtenBy().endsWith("feed"))
                .map(EventTopic::name)
                .map(name -> TopicBuilder.name(name)
                        .partitions(settings.partitions())
                        .replicas(settings.replicationFactor())
                        .build())
                .toArray(NewTopic[]::new));
    }
}
