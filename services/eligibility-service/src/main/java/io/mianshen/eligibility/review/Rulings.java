package io.mianshen.eligibility.review;

import io.mianshen.contracts.InvalidEventException;
import io.mianshen.contracts.Violation;
import io.mianshen.eligibility.decision.DecisionService;
import io.mianshen.eligibility.facts.FactStore;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a ruling from its {@code gov.publicity.ruled.v1}, once however often it is delivered (table
 * {@code ruling_applied}, under the enterprise's lock that decisions take). The event must match a ruling this service
 * recorded, or it is dead-lettered. An upheld ruling on a grant that still stands becomes the key's
 * {@code RulingOverride}, with the policy's present evaluation as the fact state it is final for, and the key is decided
 * again: the round revokes or adjusts the grant with the ruling as its reason, through the outbox. A ruling on a grant
 * a change of facts replaced meanwhile is moot: the replacement was decided on facts the reviewer has not seen.
 */
@Service
public class Rulings {

    private static final Logger log = LoggerFactory.getLogger(Rulings.class);

    /** What applying a ruling did. */
    public enum Effect {
        /** The correction was made. */
        APPLIED,
        /** A rejection: the grant stands. */
        NONE,
        /** The grant ruled on no longer stood. */
        MOOT,
        /** The ruling was applied before; nothing was done. */
        SEEN
    }

    /** A ruling as its event states it. */
    public record Stated(
            UUID rulingId, UUID decisionId, String uscc, String outcome, String correction, BigDecimal amount) {}

    private final JdbcClient jdbc;
    private final FactStore facts;
    private final DecisionService decisions;
    private final Clock clock;

    Rulings(JdbcClient jdbc, FactStore facts, DecisionService decisions, Clock clock) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.decisions = decisions;
        this.clock = clock;
    }

    private record Recorded(
            UUID decisionId,
            String uscc,
            String policyId,
            String period,
            String outcome,
            String correction,
            BigDecimal amount) {}

    /** Applies {@code stated}; throws {@link InvalidEventException} when no such ruling was recorded here. */
    @Transactional
    public Effect apply(Stated stated) {
        facts.lockEnterprises(List.of(stated.uscc()));
        if (jdbc.sql("SELECT count(*) FROM ruling_applied WHERE ruling_id = ?")
                        .param(stated.rulingId())
                        .query(Integer.class)
                        .single()
                > 0) {
            log.info("ruling {} applied before; nothing to do", stated.rulingId());
            return Effect.SEEN;
        }
        Recorded recorded = jdbc.sql("""
                        SELECT r.decision_id, p.uscc, p.policy_id, p.period, r.outcome, r.correction, r.amount
                        FROM review_ruling r JOIN publicity p ON p.decision_id = r.decision_id WHERE r.ruling_id = ?""")
                .param(stated.rulingId())
                .query((rs, n) -> new Recorded(
                        rs.getObject("decision_id", UUID.class),
                        rs.getString("uscc"),
                        rs.getString("policy_id"),
                        rs.getString("period"),
                        rs.getString("outcome"),
                        rs.getString("correction"),
                        rs.getBigDecimal("amount")))
                .optional()
                .orElseThrow(() -> new InvalidEventException(List.of(new Violation(
                        "/data/rulingId",
                        "ruling",
                        "no ruling " + stated.rulingId() + " was recorded by the eligibility service"))));
        if (!recorded.decisionId().equals(stated.decisionId())
                || !recorded.uscc().equals(stated.uscc())
                || !recorded.outcome().equals(stated.outcome())
                || !Objects.equals(recorded.correction(), stated.correction())
                || (recorded.amount() == null
                        ? stated.amount() != null
                        : stated.amount() == null || recorded.amount().compareTo(stated.amount()) != 0)) {
            throw new InvalidEventException(List.of(new Violation(
                    "/data",
                    "ruling",
                    "the event does not state ruling " + stated.rulingId() + " as it was recorded")));
        }
        Effect effect = effect(stated.rulingId(), recorded);
        jdbc.sql("INSERT INTO ruling_applied (ruling_id, effect, applied_at) VALUES (?, ?, ?)")
                .params(stated.rulingId(), effect.name(), Timestamp.from(clock.instant()))
                .update();
        log.info(
                "ruling {} on grant {} of {} ({} {}): {}",
                stated.rulingId(),
                recorded.decisionId(),
                recorded.uscc(),
                recorded.outcome(),
                Optional.ofNullable(recorded.correction()).orElse(""),
                effect);
        return effect;
    }

    private Effect effect(UUID rulingId, Recorded recorded) {
        if (recorded.outcome().equals("REJECTED")) {
            return Effect.NONE;
        }
        boolean standing = jdbc.sql("SELECT live FROM decision WHERE decision_id = ?")
                .param(recorded.decisionId())
                .query(Boolean.class)
                .single();
        Optional<String> factState = standing
                ? decisions.factState(recorded.uscc(), recorded.policyId(), recorded.period())
                : Optional.empty();
        if (factState.isEmpty()) {
            return Effect.MOOT;
        }
        jdbc.sql("""
                        INSERT INTO ruling_override (uscc, policy_id, period, ruling_id, correction, amount, fact_state, applied_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (uscc, policy_id, period) DO UPDATE SET ruling_id = EXCLUDED.ruling_id, correction = EXCLUDED.correction,
                            amount = EXCLUDED.amount, fact_state = EXCLUDED.fact_state, applied_at = EXCLUDED.applied_at""")
                .params(
                        recorded.uscc(),
                        recorded.policyId(),
                        recorded.period(),
                        rulingId,
                        recorded.correction(),
                        recorded.amount(),
                        factState.get(),
                        Timestamp.from(clock.instant()))
                .update();
        decisions.reconsider(recorded.uscc(), recorded.policyId());
        return Effect.APPLIED;
    }
}
