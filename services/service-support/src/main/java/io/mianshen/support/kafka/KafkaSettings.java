package io.mianshen.support.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

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
public record KafkaSettings(@DefaultValue("3") int partitions,
                            @DefaultValue("1") short replicationFactor,
                            @DefaultValue("-1") int retries,
                            @DefaultValue("3") int recordAttempts,
                            @DefaultValue("500ms") Duration firstRetryInterval,
                            @DefaultValue("30s") Duration maxRetryInterval) {
}
