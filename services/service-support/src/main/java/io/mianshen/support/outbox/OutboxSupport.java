package io.mianshen.support.outbox;

import io.mianshen.support.settings.SupportSettings;
import io.mianshen.support.tracing.Traces;
import io.mianshen.support.tracing.TracingSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox of a service: {@link Outbox} to append inside a business transaction, a relay
 * that publishes the rows ({@code mianshen.outbox.relay-enabled}, every {@code mianshen.outbox.poll-interval}),
 * and gauges of its lag. The service's own migration creates the {@code outbox} table; a service that
 * publishes nothing sets {@code mianshen.outbox.enabled=false}.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
        },
        after = TracingSupport.class)
@ConditionalOnProperty(name = "mianshen.outbox.enabled", havingValue = "true", matchIfMissing = true)
@EnableScheduling
@EnableConfigurationProperties(SupportSettings.class)
public class OutboxSupport {

    @Bean
    Outbox outbox(JdbcTemplate jdbc, Traces traces) {
        return new Outbox(jdbc, traces);
    }

    @Bean
    @ConditionalOnProperty(name = "mianshen.outbox.relay-enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            KafkaTemplate<String, byte[]> kafka,
            TransactionTemplate transactions,
            Traces traces,
            SupportSettings settings) {
        return new OutboxRelay(
                jdbc, kafka, transactions, traces, settings.outbox().pollInterval());
    }

    @Bean
    OutboxMetrics outboxMetrics(JdbcClient jdbc, MeterRegistry metrics) {
        return new OutboxMetrics(jdbc, metrics);
    }
}
