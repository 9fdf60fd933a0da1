package io.mianshen.eligibility.config;

import io.mianshen.contracts.DeadLetterHeaders;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import io.mianshen.contracts.InvalidEventException;
import io.mianshen.contracts.Violation;
import io.mianshen.eligibility.facts.FactTopics;
import org.apache.kafka.clients.admin.NewTopic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The service's one Kafka error handler: bad input goes straight to {@code <topic>.dlt} with the
 * violations in headers; any other failure is retried in place (the partition waits, order is kept),
 * until it succeeds (or as configured). Also declares the fact topics, their dead-letter topics and the
 * decision topic.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

    @Bean
    CommonErrorHandler kafkaErrorHandler(KafkaOperations<?, ?> template, KafkaSettings settings, MeterRegistry metrics,
                                         @Value("${spring.application.name}") String service,
                                         @Value("${spring.kafka.consumer.group-id}") String group) {
        // the contract names dead-letter topics <topic>.dlt (Spring Kafka's own default is <topic>-dlt)
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(record.topic() + ".dlt", record.partition()));
        recoverer.addHeadersFunction((record, exception) -> {
            Headers headers = reasonHeaders(exception, service + " (group " + group + ")");
            String rule = new String(headers.lastHeader(DeadLetterHeaders.RULE).value(), StandardCharsets.UTF_8);
            metrics.counter("mianshen.events.rejected", "topic", record.topic(), "rule", rule).increment();
            return headers;
        });
        ExponentialBackOff backOff = settings.retries() < 0 ? new ExponentialBackOff() : new ExponentialBackOffWithMaxRetries(settings.retries());
        backOff.setInitialInterval(settings.firstRetryInterval().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(settings.maxRetryInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidEventException.class);
        return handler;
    }

    @Bean
    KafkaAdmin.NewTopics factTopics(EventContract contract, KafkaSettings settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : FactTopics.ALL) {
            EventTopic topic = contract.topic(name).orElseThrow();
            topics.add(TopicBuilder.name(topic.name()).partitions(settings.partitions()).replicas(settings.replicationFactor()).build());
            // the recoverer writes to the same partition number, so the dead-letter topic has as many
            topics.add(TopicBuilder.name(topic.deadLetterTopic()).partitions(settings.partitions()).replicas(settings.replicationFactor()).build());
        }
        // the topic this service writes its decisions to
        topics.add(TopicBuilder.name("benefit.decisions.v1").partitions(settings.partitions()).replicas(settings.replicationFactor()).build());
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    static Headers reasonHeaders(Exception exception, String consumer) {
        List<Violation> violations = violations(exception);
        Headers headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(violations.stream().map(Violation::describe).collect(Collectors.joining("\n"))));
        headers.add(DeadLetterHeaders.RULE, utf8(violations.get(0).rule()));
        headers.add(DeadLetterHeaders.POINTER, utf8(violations.get(0).pointer()));
        headers.add(DeadLetterHeaders.CONSUMER, utf8(consumer));
        return headers;
    }

    private static List<Violation> violations(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException invalid) {
                return invalid.violations();
            }
        }
        Throwable root = exception;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return List.of(new Violation("", "processing-failed", "processing failed after every retry: " + root));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
