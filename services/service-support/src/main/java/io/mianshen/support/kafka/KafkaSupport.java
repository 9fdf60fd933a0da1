package io.mianshen.support.kafka;

import io.mianshen.contracts.DeadLetterHeaders;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.InvalidEventException;
import io.mianshen.contracts.Violation;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A service's one Kafka error handler: bad input ({@link InvalidEventException}) goes straight to
 * {@code <topic>.dlt} with the violations in headers; a record the service still cannot process (a value its
 * database refuses) is tried {@link KafkaSettings#recordAttempts()} times, then dead-lettered with its reason;
 * a failure of the database or the broker ({@link ListenerFailures}) is retried in place (the partition waits,
 * order is kept) until it succeeds, seen in logs, metrics and readiness ({@link ListenerRetries}).
 * Also the event contract, loaded once, and the Kafka health indicator.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(KafkaSettings.class)
public class KafkaSupport {

    @Bean
    @ConditionalOnMissingBean
    EventContract eventContract() {
        return EventContract.load();
    }

    @Bean
    KafkaLogin kafkaLogin(KafkaProperties kafka) {
        String protocol = kafka.getSecurity().getProtocol() == null
                ? "PLAINTEXT"
                : kafka.getSecurity().getProtocol();
        return new KafkaLogin(protocol, kafka.getProperties().getOrDefault("sasl.jaas.config", "")).check();
    }

    @Bean("kafka")
    KafkaHealth kafkaHealth(KafkaAdmin admin) {
        return new KafkaHealth(admin);
    }

    @Bean
    ListenerRetries listenerRetries(KafkaSettings settings, MeterRegistry metrics, KafkaProperties kafka) {
        return new ListenerRetries(groupOf(kafka), settings.recordAttempts(), metrics, Clock.systemUTC());
    }

    /** Readiness: down while a partition waits on the database or the broker (include {@code listeners} in the group). */
    @Bean("listeners")
    HealthIndicator listenersHealth(ListenerRetries retries) {
        return retries::health;
    }

    @Bean
    @ConditionalOnMissingBean
    CommonErrorHandler kafkaErrorHandler(
            KafkaOperations<?, ?> template,
            KafkaSettings settings,
            MeterRegistry metrics,
            ListenerRetries retries,
            @Value("${spring.application.name}") String service,
            KafkaProperties kafka) {
        String group = groupOf(kafka);
        // the contract names dead-letter topics <topic>.dlt (Spring Kafka's own default is <topic>-dlt)
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                template, (record, exception) -> new TopicPartition(record.topic() + ".dlt", record.partition()));
        // the reason headers tell why; a Java stack trace (5 kB of the service's internals) tells a feed operator
        // nothing
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        recoverer.addHeadersFunction((record, exception) -> {
            Headers headers = reasonHeaders(exception, service + " (group " + group + ")");
            metrics.counter(
                            "mianshen.events.rejected",
                            "topic",
                            record.topic(),
                            "rule",
                            violations(exception).get(0).rule())
                    .increment();
            return headers;
        });
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, infrastructureBackOff(settings));
        // the record's own failure is tried a few times, then dead-lettered; the infrastructure's is waited out
        handler.setBackOffFunction((record, exception) -> ListenerFailures.isInfrastructure(exception)
                ? infrastructureBackOff(settings)
                : new FixedBackOff(
                        settings.firstRetryInterval().toMillis(), Math.max(0, settings.recordAttempts() - 1)));
        handler.setResetStateOnExceptionChange(true);
        handler.addNotRetryableExceptions(InvalidEventException.class);
        handler.setRetryListeners(retries);
        // each failed attempt is logged once, at WARN, by ListenerRetries
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }

    private static BackOff infrastructureBackOff(KafkaSettings settings) {
        ExponentialBackOff backOff = settings.retries() < 0
                ? new ExponentialBackOff()
                : new ExponentialBackOffWithMaxRetries(settings.retries());
        backOff.setInitialInterval(settings.firstRetryInterval().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(settings.maxRetryInterval().toMillis());
        return backOff;
    }

    /** The headers that tell a feed operator why a record was dead-lettered, and by whom. */
    private static Headers reasonHeaders(Exception exception, String consumer) {
        List<Violation> violations = violations(exception);
        Headers headers = new RecordHeaders();
        headers.add(
                DeadLetterHeaders.REASON,
                utf8(violations.stream().map(Violation::describe).collect(Collectors.joining("\n"))));
        // every violation, in the order of the reason's lines: rules (each once) and pointers, comma-separated
        headers.add(
                DeadLetterHeaders.RULE,
                utf8(violations.stream().map(Violation::rule).distinct().collect(Collectors.joining(","))));
        headers.add(
                DeadLetterHeaders.POINTER,
                utf8(violations.stream().map(Violation::pointer).collect(Collectors.joining(","))));
        headers.add(DeadLetterHeaders.CONSUMER, utf8(consumer));
        return headers;
    }

    private static List<Violation> violations(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException invalid) {
                return invalid.violations();
            }
        }
        return List.of(new Violation(
                "",
                "processing-failed",
                "a valid record could not be processed after every attempt: " + ListenerFailures.reason(exception)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The service's consumer group, as its log lines and dead-letter headers name it. */
    private static String groupOf(KafkaProperties kafka) {
        String group = kafka.getConsumer().getGroupId();
        return group == null || group.isBlank() ? "(no consumer group)" : group;
    }
}
