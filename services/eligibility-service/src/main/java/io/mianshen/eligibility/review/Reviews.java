package io.mianshen.eligibility.review;

import io.mianshen.eligibility.decision.DecisionQueries;
import io.mianshen.eligibility.facts.FactStore;
import io.mianshen.eligibility.publicity.Finality;
import io.mianshen.eligibility.publicity.PublicityEvents;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.support.web.InvalidParameter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reviewer's work (复核): the queue of published grants that still stand with objections no ruling has answered,
 * oldest objection first, each with the decision, its explanation and the facts with their source events; and the
 * ruling on one grant, which answers all its open objections: {@code UPHELD} with a correction (REVOKE, or ADJUST to a
 * lower amount) or {@code REJECTED}, with written reasons. The ruling is recorded with its {@code gov.publicity.ruled.v1}
 * in the outbox; the correction is made from that event ({@link Rulings}). A rejection after the window makes the grant
 * final at once.
 */
@Service
public class Reviews {

    /** The longest written reasons, in characters. */
    public static final int MAX_REASONS = 4000;

    /**
     * An objection as the reviewer reads it.
     *
     * @param objectorKind PUBLIC or ENTERPRISE
     * @param contact      a public objector's e-mail address or telephone number
     * @param rulingId     the ruling that answered it, or null while open
     */
    public record Objection(
            UUID objectionId,
            String objectorKind,
            String name,
            String contact,
            String reason,
            Instant raisedAt,
            UUID rulingId) {}

    /**
     * A published grant under review.
     *
     * @param amount   the amount granted, in yuan ("100000.00")
     * @param standing whether the grant still stands
     */
    public record Grant(
            UUID decisionId,
            String uscc,
            String enterpriseName,
            String policyId,
            String period,
            String amount,
            LocalDate opensOn,
            LocalDate closesOn,
            boolean standing,
            LocalDate finalOn) {}

    /**
     * A ruling.
     *
     * @param correction REVOKE or ADJUST for UPHELD
     * @param amount     the corrected amount for ADJUST
     * @param objections the objections it answered
     */
    public record Ruling(
            UUID rulingId,
            UUID decisionId,
            String outcome,
            String correction,
            String amount,
            String grantedAmount,
            String reasons,
            String reviewer,
            Instant ruledAt,
            List<UUID> objections) {}

    /**
     * A case: the grant, its objections oldest first, its rulings, and what it was decided on.
     *
     * @param decision the (enterprise, policy, period) with its explanation and every decision event
     * @param facts    the enterprise's facts, each with the event it came from
     */
    public record Case(
            Grant grant,
            List<Objection> objections,
            List<Ruling> rulings,
            DecisionQueries.Standing decision,
            FactsSnapshot facts) {}

    /** No published grant of this id. */
    public static final class NotFound extends RuntimeException {
        NotFound(UUID decisionId) {
            super("no published grant " + decisionId);
        }
    }

    /** The grant cannot be ruled on now. */
    public static final class CannotRule extends RuntimeException {
        CannotRule(String message) {
            super(message);
        }
    }

    private final JdbcClient jdbc;
    private final DecisionQueries decisions;
    private final FactStore facts;
    private final PublicityEvents events;
    private final Finality finality;
    private final Clock clock;

    Reviews(
            JdbcClient jdbc,
            DecisionQueries decisions,
            FactStore facts,
            PublicityEvents events,
            Finality finality,
            Clock clock) {
        this.jdbc = jdbc;
        this.decisions = decisions;
        this.facts = facts;
        this.events = events;
        this.finality = finality;
        this.clock = clock;
    }

    /** The open cases, the one with the oldest open objection first. */
    @Transactional(readOnly = true)
    public List<Case> queue(int limit, int offset) {
        List<UUID> open = jdbc.sql("""
                        SELECT o.decision_id FROM publicity_objection o JOIN decision d ON d.decision_id = o.decision_id AND d.live
                        WHERE o.ruling_id IS NULL GROUP BY o.decision_id ORDER BY min(o.raised_at), o.decision_id LIMIT ? OFFSET ?""").params(limit, offset).query(UUID.class).list();
        return open.stream().map(this::caseOf).flatMap(Optional::stream).toList();
    }

    /** The case of the published grant {@code decisionId}, open or ruled. */
    @Transactional(readOnly = true)
    public Optional<Case> caseOf(UUID decisionId) {
        return grant(decisionId)
                .map(grant -> new Case(
                        grant,
                        objections(decisionId, false),
                        rulings(decisionId),
                        decisions.standings(grant.uscc(), grant.policyId(), grant.period()).stream()
                                .findFirst()
                                .orElse(null),
                        facts.snapshot(grant.uscc())));
    }

    /**
     * Rules on the open objections to {@code decisionId}.
     *
     * @param outcome    UPHELD or REJECTED
     * @param correction for UPHELD: REVOKE or ADJUST
     * @param amount     for ADJUST: the corrected amount, less than the grant's
     * @param reviewer   who rules (the token's subject)
     */
    @Transactional
    public Ruling rule(
            UUID decisionId, String outcome, String correction, BigDecimal amount, String reasons, String reviewer) {
        // ruled one request at a time, and not while an objection to it is being recorded
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('publicity objections ' || ?))")
                .param(decisionId.toString())
                .query((rs, n) -> 1)
                .list();
        Grant grant = grant(decisionId).orElseThrow(() -> new NotFound(decisionId));
        if (!grant.standing()) {
            throw new CannotRule("the grant " + decisionId
                    + " no longer stands: a later decision replaced it, on facts no ruling has seen");
        }
        List<Objection> open = objections(decisionId, true);
        if (open.isEmpty()) {
            throw new CannotRule("the grant " + decisionId + " has no open objection to rule on");
        }
        BigDecimal granted = new BigDecimal(grant.amount());
        if ("ADJUST".equals(correction) && amount.compareTo(granted) >= 0) {
            throw new InvalidParameter(
                    "amount",
                    "amount " + amount.toPlainString() + " is not less than the amount granted, " + grant.amount()
                            + " (an objection corrects a grant downwards; a higher amount comes from the facts)");
        }
        UUID rulingId = UUID.randomUUID();
        Instant now = clock.instant();
        BigDecimal corrected = "ADJUST".equals(correction) ? amount.setScale(2, RoundingMode.UNNECESSARY) : null;
        jdbc.sql("""
                        INSERT INTO review_ruling (ruling_id, decision_id, outcome, correction, amount, granted_amount, reasons, reviewer, ruled_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        rulingId,
                        decisionId,
                        outcome,
                        correction,
                        corrected,
                        granted,
                        reasons.strip(),
                        reviewer,
                        Timestamp.from(now))
                .update();
        jdbc.sql("UPDATE publicity_objection SET ruling_id = ? WHERE decision_id = ? AND ruling_id IS NULL")
                .params(rulingId, decisionId)
                .update();
        events.ruled(new PublicityEvents.Ruling(
                rulingId,
                decisionId,
                grant.uscc(),
                grant.enterpriseName(),
                grant.policyId(),
                grant.period(),
                granted,
                outcome,
                correction,
                corrected,
                reasons.strip(),
                reviewer,
                now,
                open.stream()
                        .map(o ->
                                new PublicityEvents.Objector(o.objectionId(), o.objectorKind(), o.name(), o.contact()))
                        .toList()));
        if (outcome.equals("REJECTED")) {
            finality.afterRuling(decisionId, rulingId, now);
        }
        return new Ruling(
                rulingId,
                decisionId,
                outcome,
                correction,
                corrected == null ? null : corrected.toPlainString(),
                grant.amount(),
                reasons.strip(),
                reviewer,
                now,
                open.stream().map(Objection::objectionId).toList());
    }

    private Optional<Grant> grant(UUID decisionId) {
        return jdbc.sql("""
                        SELECT p.*, d.live FROM publicity p JOIN decision d ON d.decision_id = p.decision_id WHERE p.decision_id = ?""")
                .param(decisionId)
                .query((rs, n) -> new Grant(
                        decisionId,
                        rs.getString("uscc"),
                        rs.getString("enterprise_name"),
                        rs.getString("policy_id"),
                        rs.getString("period"),
                        rs.getBigDecimal("amount")
                                .setScale(2, RoundingMode.UNNECESSARY)
                                .toPlainString(),
                        rs.getDate("opens_on").toLocalDate(),
                        rs.getDate("closes_on").toLocalDate(),
                        rs.getBoolean("live"),
                        rs.getDate("final_on") == null
                                ? null
                                : rs.getDate("final_on").toLocalDate()))
                .optional();
    }

    private List<Objection> objections(UUID decisionId, boolean openOnly) {
        return jdbc.sql(
                        "SELECT * FROM publicity_objection WHERE decision_id = ? AND (? = false OR ruling_id IS NULL) ORDER BY raised_at, objection_id")
                .params(decisionId, openOnly)
                .query((rs, n) -> new Objection(
                        rs.getObject("objection_id", UUID.class),
                        rs.getString("objector_kind"),
                        rs.getString("objector_name"),
                        rs.getString("objector_contact"),
                        rs.getString("reason"),
                        rs.getTimestamp("raised_at").toInstant(),
                        rs.getObject("ruling_id", UUID.class)))
                .list();
    }

    private List<Ruling> rulings(UUID decisionId) {
        return jdbc.sql("SELECT * FROM review_ruling WHERE decision_id = ? ORDER BY ruled_at")
                .param(decisionId)
                .query((rs, n) -> new Ruling(
                        rs.getObject("ruling_id", UUID.class),
                        decisionId,
                        rs.getString("outcome"),
                        rs.getString("correction"),
                        rs.getBigDecimal("amount") == null
                                ? null
                                : rs.getBigDecimal("amount").toPlainString(),
                        rs.getBigDecimal("granted_amount").toPlainString(),
                        rs.getString("reasons"),
                        rs.getString("reviewer"),
                        rs.getTimestamp("ruled_at").toInstant(),
                        jdbc.sql("SELECT objection_id FROM publicity_objection WHERE ruling_id = ? ORDER BY raised_at")
                                .param(rs.getObject("ruling_id", UUID.class))
                                .query(UUID.class)
                                .list()))
                .list();
    }
}
