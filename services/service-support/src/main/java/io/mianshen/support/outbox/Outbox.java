package io.mianshen.support.outbox;

import io.mianshen.support.tracing.Traces;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the outbox inside the caller's transaction; never talks to Kafka. Each row keeps the trace
 * context of its cause ({@link Traces#originOf}), which the relay publishes it in.
 */
public class Outbox {

    /**
     * An event waiting to be published.
     *
     * @param topic          its topic
     * @param key            its record key
     * @param eventId        its CloudEvents id
     * @param cloudEventJson the structured CloudEvent as JSON
     */
    public record Entry(String topic, String key, String eventId, String cloudEventJson) {}

    private final JdbcTemplate jdbc;
    private final Traces traces;

    Outbox(JdbcTemplate jdbc, Traces traces) {
        this.jdbc = jdbc;
        this.traces = traces;
    }

    /**
     * Queues structured CloudEvents, in order, with one batched statement.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                "INSERT INTO outbox (topic, record_key, event_id, event, traceparent) VALUES (?, ?, ?, ?, ?)",
                entries,
                entries.size(),
                (statement, entry) -> {
                    statement.setString(1, entry.topic());
                    statement.setString(2, entry.key());
                    statement.setString(3, entry.eventId());
                    statement.setString(4, entry.cloudEventJson());
                    statement.setString(5, traces.originOf(entry.key()));
                });
    }
}
