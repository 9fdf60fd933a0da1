package io.mianshen.eligibility.config;

import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import io.mianshen.eligibility.facts.FactTopics;
import io.mianshen.support.kafka.KafkaSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics this service reads and writes, created when missing: the fact topics, their dead-letter
 * topics, the decision topic, and the notice topic with its dead-letter topic. (The error handler that dead-letters bad input comes from
 * {@code service-support}.)
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopics {

    @Bean
    KafkaAdmin.NewTopics factTopics(EventContract contract, KafkaSettings settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : FactTopics.ALL) {
            EventTopic topic = contract.topic(name).orElseThrow();
            topics.add(TopicBuilder.name(topic.name())
                    .partitions(settings.partitions())
                    .replicas(settings.replicationFactor())
                    .build());
            // the recoverer writes to the same partition number, so the dead-letter topic has as many
            topics.add(TopicBuilder.name(topic.deadLetterTopic())
                    .partitions(settings.partitions())
                    .replicas(settings.replicationFactor())
                    .build());
        }
        topics.add(TopicBuilder.name("benefit.decisions.v1")
                .partitions(settings.partitions())
                .replicas(settings.replicationFactor())
                .build());
        // the enterprises' own objections, joined to the grants in publicity (publicity/messaging)
        // and publicity's steps, which it writes and from which it applies reviewers' rulings (review/messaging)
        for (String name :
                List.of("notices.v1", "notices.v1.dlt", "benefit.publicity.v1", "benefit.publicity.v1.dlt")) {
            topics.add(TopicBuilder.name(name)
                    .partitions(settings.partitions())
                    .replicas(settings.replicationFactor())
                    .build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
