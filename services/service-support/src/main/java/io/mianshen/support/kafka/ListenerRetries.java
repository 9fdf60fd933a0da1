package io.mianshen.support.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;

/**
 * What an operator sees of a partition that is stuck on a record: each failed attempt is logged at WARN with the
 * topic, partition, offset and reason; {@code mianshen_listener_retrying{group,topic,partition}} holds the
 * attempts so far (0 once the partition moves on); readiness ({@code listeners}) is down while a partition waits
 * on the infrastructure. A partition is clear again when a record of it is processed, or the failing record is
 * dead-lettered.
 */
public final class ListenerRetries
        implements RetryListener, RecordInterceptor<Object, Object>, BatchInterceptor<Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(ListenerRetries.class);

    /** The record a partition is stuck on. */
    record Retrying(
            String topic,
            int partition,
            long offset,
            int attempts,
            boolean infrastructure,
            String reason,
            Instant since) {}

    private final String group;
    private final int recordAttempts;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<TopicPartition, Retrying> retrying = new ConcurrentHashMap<>();
    /** The partitions that have a gauge; its value is read from {@link #retrying}. */
    private final Set<TopicPartition> gauged = ConcurrentHashMap.newKeySet();

    ListenerRetries(String group, int recordAttempts, MeterRegistry metrics, Clock clock) {
        this.group = group;
        this.recordAttempts = recordAttempts;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        boolean infrastructure = ListenerFailures.isInfrastructure(failure);
        String reason = ListenerFailures.reason(failure);
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        retrying.compute(
                partition,
                (key, earlier) -> new Retrying(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        attempt,
                        infrastructure,
                        reason,
                        earlier != null && earlier.offset() == record.offset() ? earlier.since() : clock.instant()));
        gauge(partition);
        if (infrastructure) {
            log.warn(
                    "{}-{} offset {} ({}): attempt {} failed on the infrastructure: {}; the partition waits and retries until it succeeds",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    group,
                    attempt,
                    reason);
        } else {
            log.warn(
                    "{}-{} offset {} ({}): attempt {} of {} failed on this record: {}; then it goes to {}.dlt and the partition moves on",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    group,
                    attempt,
                    recordAttempts,
                    reason,
                    record.topic());
        }
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
        // the batch listeners here always name the failing record (PollBatch); its attempts are reported one by one
        // through the record's own callback, so the whole batch's notice (always attempt 1) is not repeated
        log.debug("a poll of {} records failed: {}", records.count(), ListenerFailures.reason(failure));
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
        log.warn(
                "{}-{} offset {} ({}) sent to {}.dlt: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                group,
                record.topic(),
                ListenerFailures.reason(failure));
        clear(new TopicPartition(record.topic(), record.partition()));
    }

    @Override
    public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
        log.warn(
                "{}-{} offset {} ({}) could not be sent to {}.dlt ({}); it is tried again",
                record.topic(),
                record.partition(),
                record.offset(),
                group,
                record.topic(),
                ListenerFailures.reason(failure));
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(
            ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        return record;
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        clear(new TopicPartition(record.topic(), record.partition()));
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(
            ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        records.partitions().forEach(this::clear);
    }

    /** Down while a partition waits on the infrastructure; the stuck partitions in the details either way. */
    Health health() {
        List<Retrying> now = retrying.values().stream()
                .sorted(Comparator.comparing(Retrying::topic).thenComparing(Retrying::partition))
                .toList();
        Health.Builder builder = now.stream().anyMatch(Retrying::infrastructure) ? Health.down() : Health.up();
        builder.withDetail("group", group);
        builder.withDetail(
                "retrying",
                now.stream()
                        .map(r -> {
                            Map<String, Object> shown = new LinkedHashMap<>();
                            shown.put("topic", r.topic());
                            shown.put("partition", r.partition());
                            shown.put("offset", r.offset());
                            shown.put("attempts", r.attempts());
                            shown.put(
                                    "failure",
                                    r.infrastructure()
                                            ? "infrastructure: retried until it succeeds"
                                            : "record: dead-lettered after " + recordAttempts + " attempts");
                            shown.put("reason", r.reason());
                            shown.put("since", r.since().toString());
                            return shown;
                        })
                        .toList());
        return builder.build();
    }

    private void clear(TopicPartition partition) {
        if (retrying.remove(partition) != null) {
            log.info("{}-{} ({}) moves on", partition.topic(), partition.partition(), group);
        }
    }

    private void gauge(TopicPartition partition) {
        if (gauged.add(partition)) {
            Gauge.builder("mianshen.listener.retrying", retrying, stuck -> {
                        Retrying on = stuck.get(partition);
                        return on == null ? 0 : on.attempts();
                    })
                    .description("failed attempts so far of the record this partition is stuck on (0: it is not)")
                    .tags(
                            "group",
                            group,
                            "topic",
                            partition.topic(),
                            "partition",
                            Integer.toString(partition.partition()))
                    .register(metrics);
        }
    }
}
