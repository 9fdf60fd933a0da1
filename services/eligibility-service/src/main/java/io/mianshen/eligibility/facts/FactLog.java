package io.mianshen.eligibility.facts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores accepted fact events; a repeat of (source, id) is a duplicate and changes nothing. */
@Service
public class FactLog {

    private static final Logger log = LoggerFactory.getLogger(FactLog.class);

    private final JdbcClient jdbc;

    FactLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a fact once.
     *
     * @return {@code true} when it is new, {@code false} for a duplicate of (source, id)
     */
    @Transactional
    public boolean record(FactEvent fact) {
        int inserted = jdbc.sql("""
                        INSERT INTO fact_event (event_source, event_id, event_type, uscc, occurred_at, data,
                                                kafka_topic, kafka_partition, kafka_offset)
                        VALUES (:source, :id, :type, :uscc, :occurredAt, CAST(:data AS jsonb), :topic, :partition, :offset)
                        ON CONFLICT (event_source, event_id) DO NOTHING""")
                .param("source", fact.source())
                .param("id", fact.id())
                .param("type", fact.type())
                .param("uscc", fact.uscc())
                .param("occurredAt", fact.occurredAt())
                .param("data", fact.dataJson())
                .param("topic", fact.origin().topic())
                .param("partition", fact.origin().partition())
                .param("offset", fact.origin().offset())
                .update();
        if (inserted == 0) {
            log.info("duplicate fact event source={} id={} ignored", fact.source(), fact.id());
        }
        return inserted == 1;
    }
}
