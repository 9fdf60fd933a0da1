package io.mianshen.eligibility.facts;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
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
     * Records fact events once each, with one statement inside the caller's transaction (the events go
     * in as arrays; the statement returns the ones it inserted).
     *
     * @return for each event, in order, {@code true} when it is new and {@code false} for a duplicate of
     *         (source, id), also within {@code facts} itself
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean[] recordAll(List<FactEvent> facts) {
        if (facts.isEmpty()) {
            return new boolean[0];
        }
        Set<String> inserted = new HashSet<>(jdbc.sql("""
                        INSERT INTO fact_event (event_source, event_id, event_type, uscc, occurred_at, data,
                                                kafka_topic, kafka_partition, kafka_offset)
                        SELECT source, id, type, uscc, occurred_at, CAST(data AS json), topic, partition, "offset"
                        FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS timestamptz[]),
                                    CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS bigint[]))
                             AS event(source, id, type, uscc, occurred_at, data, topic, partition, "offset")
                        ON CONFLICT (event_source, event_id) DO NOTHING
                        RETURNING event_source, event_id""")
                .params(
                        column(facts, FactEvent::source),
                        column(facts, FactEvent::id),
                        column(facts, FactEvent::type),
                        column(facts, FactEvent::uscc),
                        column(facts, fact -> fact.occurredAt().toString()),
                        column(facts, FactEvent::dataJson),
                        column(facts, fact -> fact.origin().topic()),
                        facts.stream().map(fact -> fact.origin().partition()).toArray(Integer[]::new),
                        facts.stream().map(fact -> fact.origin().offset()).toArray(Long[]::new))
                .query((rs, n) -> key(rs.getString(1), rs.getString(2)))
                .list());
        boolean[] fresh = new boolean[facts.size()];
        for (int i = 0; i < fresh.length; i++) {
            // the first of the same (source, id) within facts takes the row; any other is a duplicate
            fresh[i] = inserted.remove(key(facts.get(i).source(), facts.get(i).id()));
            if (!fresh[i]) {
                log.info(
                        "duplicate fact event source={} id={} ignored",
                        facts.get(i).source(),
                        facts.get(i).id());
            }
        }
        return fresh;
    }

    private static String[] column(List<FactEvent> facts, Function<FactEvent, String> value) {
        return facts.stream().map(value).toArray(String[]::new);
    }

    private static String key(String source, String id) {
        return source + "\n" + id;
    }
}
