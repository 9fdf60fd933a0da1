package io.mianshen.eligibility.publicity;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * When a published grant becomes final, recorded once with its {@code gov.publicity.final.v1}: the day after its
 * window closed without an open objection (a sweep every {@code mianshen.publicity.finality-interval}, default one
 * minute, a batch at a time; rows are claimed with {@code SKIP LOCKED}, so several instances share it), or the day a
 * reviewer rejected the objections after its window ({@link #afterRuling}). A grant no longer standing never becomes
 * final; an upheld ruling's correction is final for its facts ({@code decision.round.RulingOverride}).
 */
@Component
public class Finality {

    private static final Logger log = LoggerFactory.getLogger(Finality.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final PublicityEvents events;
    private final Clock clock;

    Finality(JdbcClient jdbc, PublicityEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    private record Closing(
            UUID decisionId, String uscc, String policyId, String period, BigDecimal amount, LocalDate closesOn) {}

    /** Finalizes the grants whose windows have closed without an open objection; returns how many. */
    @Transactional
    public int sweep() {
        Instant now = clock.instant();
        LocalDate today = now.atZone(Publicity.CHINA).toLocalDate();
        List<Closing> closed = jdbc.sql("""
                        SELECT p.decision_id, p.uscc, p.policy_id, p.period, p.amount, p.closes_on FROM publicity p
                        JOIN decision d ON d.decision_id = p.decision_id AND d.live
                        WHERE p.finalized_at IS NULL AND p.closes_on < ?
                          AND NOT EXISTS (SELECT 1 FROM publicity_objection o WHERE o.decision_id = p.decision_id AND o.ruling_id IS NULL)
                        ORDER BY p.closes_on LIMIT ? FOR UPDATE OF p SKIP LOCKED""")
                .params(Date.valueOf(today), BATCH)
                .query((rs, n) -> new Closing(
                        rs.getObject("decision_id", UUID.class),
                        rs.getString("uscc"),
                        rs.getString("policy_id"),
                        rs.getString("period"),
                        rs.getBigDecimal("amount"),
                        rs.getDate("closes_on").toLocalDate()))
                .list();
        for (Closing grant : closed) {
            LocalDate finalOn = grant.closesOn().plusDays(1);
            jdbc.sql(
                            "UPDATE publicity SET final_on = ?, final_after = 'WINDOW', finalized_at = ? WHERE decision_id = ?")
                    .params(Date.valueOf(finalOn), Timestamp.from(now), grant.decisionId())
                    .update();
            events.finalized(
                    grant.decisionId(),
                    grant.uscc(),
                    grant.policyId(),
                    grant.period(),
                    grant.amount(),
                    finalOn,
                    "WINDOW",
                    null,
                    now);
        }
        if (!closed.isEmpty()) {
            log.info("{} published grant(s) final after their windows closed without an open objection", closed.size());
        }
        return closed.size();
    }

    /**
     * A reviewer rejected the open objections to {@code decisionId} after its window: it is final today, unless an
     * objection is still open or it was final before. In the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void afterRuling(UUID decisionId, UUID rulingId, Instant now) {
        LocalDate today = now.atZone(Publicity.CHINA).toLocalDate();
        jdbc.sql("""
                        UPDATE publicity p SET final_on = ?, final_after = 'RULING', finalized_at = ?
                        WHERE p.decision_id = ? AND p.finalized_at IS NULL AND p.closes_on < ?
                          AND NOT EXISTS (SELECT 1 FROM publicity_objection o WHERE o.decision_id = p.decision_id AND o.ruling_id IS NULL)
                        RETURNING p.uscc, p.policy_id, p.period, p.amount""")
                .params(Date.valueOf(today), Timestamp.from(now), decisionId, Date.valueOf(today))
                .query((rs, n) -> new Closing(
                        decisionId,
                        rs.getString("uscc"),
                        rs.getString("policy_id"),
                        rs.getString("period"),
                        rs.getBigDecimal("amount"),
                        today))
                .optional()
                .ifPresent(grant -> events.finalized(
                        decisionId,
                        grant.uscc(),
                        grant.policyId(),
                        grant.period(),
                        grant.amount(),
                        today,
                        "RULING",
                        rulingId,
                        now));
    }
}
