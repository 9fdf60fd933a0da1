package io.mianshen.eligibility.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Appends an event to the outbox inside the caller's transaction; never talks to Kafka. */
@Component
public class Outbox {

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Queues a structured CloudEvent (its JSON, with CloudEvents id {@code eventId}) for {@code topic},
     * keyed by {@code key}.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String topic, String key, String eventId, String cloudEventJson) {
        jdbc.sql("INSERT INTO outbox (topic, record_key, event_id, event) VALUES (?, ?, ?, CAST(? AS jsonb))")
                .params(topic, key, eventId, cloudEventJson)
                .update();
    }
}
