package io.mianshen.eligibility.facts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/** Stores accepted fact events; a repeat of (source, id) is a duplicate and changes nothing. */
@Service
public class FactLog {

    private static final Logger log = LoggerFactory.getLogger(FactLog.class);

    private final NamedParameterJdbcTemplate jdbc;

    FactLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records fact events once each, in one batched statement inside the caller's transaction.
     *
     * @return for each event, in order, {@code true} when it is new and {@code false} for a duplicate of
     *         (source, id), also within {@code facts} itself
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean[] recordAll(List<FactEvent> facts) {
        if (facts.isEmpty()) {
            return new boolean[0];
        }
        SqlParameterSource[] rows = facts.stream().map(fact -> new MapSqlParameterSource()
                .addValue("source", fact.source())
                .addValue("id", fact.id())
                .addValue("type", fact.type())
                .addValue("uscc", fact.uscc())
                .addValue("occurredAt", fact.occurredAt())
                .addValue("data", fact.dataJson())
                .addValue("topic", fact.origin().topic())
                .addValue("partition", fact.origin().partition())
                .addValue("offset", fact.origin().offset())).toArray(SqlParameterSource[]::new);
        int[] inserted = jdbc.batchUpdate("""
                INSERT INTO fact_event (event_source, event_id, event_type, uscc, occurred_at, data,
                                        kafka_topic, kafka_partition, kafka_offset)
                VALUES (:source, :id, :type, :uscc, :occurredAt, CAST(:data AS jsonb), :topic, :partition, :offset)
                ON CONFLICT (event_source, event_id) DO NOTHING""", rows);
        boolean[] fresh = new boolean[facts.size()];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = inserted[i] == 1;
            if (!fresh[i]) {
                log.info("duplicate fact event source={} id={} ignored", facts.get(i).source(), facts.get(i).id());
            }
        }
        return fresh;
    }
}
