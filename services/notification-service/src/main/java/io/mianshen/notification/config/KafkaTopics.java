package io.mianshen.notification.config;

import io.mianshen.support.kafka.KafkaSettings;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics this service reads (decisions, registry) and writes (notices), with the dead-letter topics of
 * those it reads, created when missing.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopics {

    @Bean
    KafkaAdmin.NewTopics notificationTopics(KafkaSettings settings) {
        return new KafkaAdmin.NewTopics(List.of(
                        "benefit.decisions.v1",
                        "benefit.decisions.v1.dlt",
                        "enterprise.registry.v1",
                        "enterprise.registry.v1.dlt",
                        "notices.v1",
                        "benefit.publicity.v1",
                        "benefit.publicity.v1.dlt")
                .stream()
                .map(name -> TopicBuilder.name(name)
                        .partitions(settings.partitions())
                        .replicas(settings.replicationFactor())
                        .build())
                .toArray(NewTopic[]::new));
    }
}
