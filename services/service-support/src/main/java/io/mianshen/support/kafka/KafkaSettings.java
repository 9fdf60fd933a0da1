package io.mianshen.support.kafka;

import static io.mianshen.support.settings.SettingCheck.require;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka settings of a service ({@code mianshen.kafka.*}).
 *
 * @param partitions         partitions of the topics this service creates when they are missing
 * @param replicationFactor  replication factor of those topics
 * @param retries            blocking retries of a record whose processing failed on the infrastructure (database or
 *                           broker unreachable, timeouts); -1 (the default) retries until it succeeds, so no valid
 *                           record is ever skipped
 * @param recordAttempts     attempts at a record whose processing failed on the record itself (a value the database
 *                           refuses) before it goes to the dead-letter topic with its reason
 * @param firstRetryInterval wait before the first retry; doubled each time up to {@code maxRetryInterval}
 * @param maxRetryInterval   longest wait between retries
 */
@ConfigurationProperties("mianshen.kafka")
public record KafkaSettings(
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("-1") int retries,
        @DefaultValue("3") int recordAttempts,
        @DefaultValue("500ms") Duration firstRetryInterval,
        @DefaultValue("30s") Duration maxRetryInterval) {

    public KafkaSettings {
        require(partitions >= 1, "mianshen.kafka.partitions", "MIANSHEN_TOPIC_PARTITIONS", "at least 1", partitions);
        require(
                replicationFactor >= 1,
                "mianshen.kafka.replication-factor",
                "MIANSHEN_TOPIC_REPLICATION",
                "at least 1",
                replicationFactor);
        require(
                retries >= -1,
                "mianshen.kafka.retries",
                "MIANSHEN_KAFKA_RETRIES",
                "-1 (until it succeeds) or more",
                retries);
        require(
                recordAttempts >= 1,
                "mianshen.kafka.record-attempts",
                "MIANSHEN_KAFKA_RECORD_ATTEMPTS",
                "at least 1",
                recordAttempts);
        require(
                firstRetryInterval.toMillis() >= 1,
                "mianshen.kafka.first-retry-interval",
                "MIANSHEN_KAFKA_FIRST_RETRY_INTERVAL",
                "at least 1ms",
                firstRetryInterval);
        require(
                maxRetryInterval.compareTo(firstRetryInterval) >= 0,
                "mianshen.kafka.max-retry-interval",
                "MIANSHEN_KAFKA_MAX_RETRY_INTERVAL",
                "at least the first retry interval (" + firstRetryInterval + ")",
                maxRetryInterval);
    }
}
