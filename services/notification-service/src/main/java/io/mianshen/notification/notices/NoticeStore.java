package io.mianshen.notification.notices;

import io.mianshen.support.tracing.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The notice table, as the notice makers write it, in their transactions: whether an event was seen before
 * ({@code processed_event}, by its CloudEvents source and id), and one notice per key and channel. An inbox notice is
 * delivered as it is written, with its {@code gov.notice.delivered.v1}; e-mail and webhook notices wait for the
 * delivery worker.
 */
@Component
class NoticeStore {

    private final JdbcClient jdbc;
    private final Traces traces;
    private final NoticeEvents events;
    private final MeterRegistry metrics;

    NoticeStore(JdbcClient jdbc, NoticeEvents events, MeterRegistry metrics, Traces traces) {
        this.jdbc = jdbc;
        this.traces = traces;
        this.events = events;
        this.metrics = metrics;
    }

    /** Records the event {@code (source, id)}; {@code false} when it was recorded before. */
    boolean firstTime(String source, String id) {
        return jdbc.sql("INSERT INTO processed_event (event_source, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(source, id)
                        .update()
                == 1;
    }

    /**
     * A notice to write.
     *
     * @param key      what it tells of: a decision's id, a ruling's, or a ruling's for one objector
     * @param address  an objector's e-mail address, for {@link NoticeKind#RULING_TO_OBJECTOR}; else null
     * @param deadline the last day to object to it
     */
    record Row(
            String key,
            String uscc,
            String channel,
            NoticeKind kind,
            String policyId,
            String period,
            BigDecimal amount,
            BigDecimal recoverAmount,
            NoticeTexts.Text zh,
            NoticeTexts.Text en,
            LocalDate deadline,
            String address) {}

    /** Writes {@code row} unless its key has a notice through its channel already. */
    void insert(Row row, Instant now) {
        UUID noticeId = UUID.randomUUID();
        boolean inbox = row.channel().equals("INBOX");
        int inserted = jdbc.sql("""
                        INSERT INTO notice (notice_id, decision_id, uscc, channel, kind, policy_id, period, amount, recover_amount,
                                            title_zh, title_en, body_zh, body_en, objection_deadline, status, created_at, delivered_at, address, traceparent)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (decision_id, channel) DO NOTHING""")
                .params(
                        noticeId,
                        row.key(),
                        row.uscc(),
                        row.channel(),
                        row.kind().name(),
                        row.policyId(),
                        row.period(),
                        row.amount(),
                        row.recoverAmount(),
                        row.zh().title(),
                        row.en().title(),
                        row.zh().body(),
                        row.en().body(),
                        row.deadline(),
                        inbox ? "DELIVERED" : "PENDING",
                        Timestamp.from(now),
                        inbox ? Timestamp.from(now) : null,
                        row.address(),
                        traces.current())
                .update();
        if (inserted == 1 && inbox) {
            events.delivered(noticeId, row.key(), row.uscc(), row.channel(), now);
            metrics.counter("mianshen.notices", "channel", row.channel(), "outcome", "delivered")
                    .increment();
        }
    }
}
