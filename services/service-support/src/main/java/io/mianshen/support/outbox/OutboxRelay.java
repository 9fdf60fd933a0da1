package io.mianshen.support.outbox;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.support.tracing.Traces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows in order, as structured CloudEvents, and marks them published. Rows are claimed
 * with {@code FOR UPDATE SKIP LOCKED}, so several instances share the work without publishing a row
 * twice in normal operation; after a crash between send and mark, a row is sent again with the same
 * event id, which consumers dedupe. Each row is sent in a span of the trace its cause belonged to, so its
 * record carries that trace's {@code traceparent}.
 */
class OutboxRelay implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    /** An outbox row; the event as the bytes PostgreSQL sends (UTF-8, the driver's client encoding), not decoded and encoded again. */
    private record Row(long position, String topic, String key, byte[] event, String traceparent) {}

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final Traces traces;
    private final Duration pollInterval;

    OutboxRelay(
            JdbcClient jdbc,
            KafkaTemplate<String, byte[]> kafka,
            TransactionTemplate transactions,
            Traces traces,
            Duration pollInterval) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.transactions = transactions;
        this.traces = traces;
        this.pollInterval = pollInterval;
    }

    /** Looks at the outbox every {@code mianshen.outbox.poll-interval} after the last look ended. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::publishPending, pollInterval);
    }

    void publishPending() {
        Integer published;
        do {
            published = transactions.execute(status -> publishBatch());
        } while (published != null && published == BATCH);
    }

    private int publishBatch() {
        List<Row> rows = jdbc.sql("""
                        SELECT position, topic, record_key, event, traceparent FROM outbox
                        WHERE published_at IS NULL ORDER BY position LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(BATCH)
                .query((rs, n) -> new Row(
                        rs.getLong("position"),
                        rs.getString("topic"),
                        rs.getString("record_key"),
                        rs.getBytes("event"),
                        rs.getString("traceparent")))
                .list();
        // send the whole batch, then wait for every acknowledgement, then mark the batch: one round trip, not one per
        // event
        List<CompletableFuture<?>> sent = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.event());
            record.headers()
                    .add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            sent.add(traces.continued(row.traceparent(), "mianshen.outbox.publish", () -> kafka.send(record)));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        } catch (ExecutionException | TimeoutException e) {
            log.warn(
                    "outbox publish failed for positions {}..{}; will retry: {}",
                    rows.get(0).position(),
                    rows.get(rows.size() - 1).position(),
                    e.getMessage());
            throw new IllegalStateException("outbox publish failed", e);
        }
        if (!rows.isEmpty()) {
            jdbc.sql("UPDATE outbox SET published_at = now() WHERE position IN (:positions)")
                    .param("positions", rows.stream().map(Row::position).toList())
                    .update();
        }
        return rows.size();
    }
}
