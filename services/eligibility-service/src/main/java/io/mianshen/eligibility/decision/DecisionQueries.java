package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.facts.FactStore;
import io.mianshen.eligibility.policy.PolicyCatalog;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Read side of decisions: what an enterprise, an auditor or a policy officer may look up. */
@Component
public class DecisionQueries {

    /**
     * Where an (enterprise, policy, period) stands.
     *
     * @param uscc          the enterprise
     * @param policyId      the policy
     * @param period        FY2023, Y2023 or ONCE
     * @param policyVersion the version that evaluated it
     * @param outcome       ELIGIBLE, INELIGIBLE or UNDETERMINED
     * @param standing      GRANTABLE, QUEUED, SUPERSEDED, INELIGIBLE, UNDETERMINED or OUT_OF_FORCE (the policy no longer
     *                      decides the period for the enterprise; a grant there was revoked)
     * @param note          why, for queued, superseded, out-of-force or no-longer-eligible results
     * @param amount        the evaluated amount in yuan as a decimal string (money is never a JSON number), when eligible
     * @param queuePosition its place in the budget's first-in-first-out queue (1 is next), while it waits
     * @param explanation   the full explanation (derived from the policy version and the facts); none when out of force
     * @param evaluatedAt   when
     * @param decisions     every decision event of it, oldest first
     */
    public record Standing(
            String uscc,
            String policyId,
            String period,
            int policyVersion,
            String outcome,
            String standing,
            String note,
            String amount,
            Integer queuePosition,
            JsonNode explanation,
            OffsetDateTime evaluatedAt,
            List<Decision> decisions) {}

    /**
     * A decision event as recorded.
     *
     * @param decisionId    its id (the CloudEvents id on benefit.decisions.v1)
     * @param kind          GRANTED, ADJUSTED or REVOKED
     * @param amount        the amount granted, or {@code null} for a revocation
     * @param recoverAmount what a revocation asks back
     * @param refersTo      the decision it supersedes or revokes
     * @param reason        why, for adjustments and revocations
     * @param live          whether it is the live decision
     * @param decidedAt     when
     * @param event         the event as published
     */
    public record Decision(
            UUID decisionId,
            String kind,
            String amount,
            String recoverAmount,
            UUID refersTo,
            String reason,
            boolean live,
            OffsetDateTime decidedAt,
            JsonNode event) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final FactStore facts;
    private final PolicyCatalog catalog;

    DecisionQueries(JdbcClient jdbc, JsonMapper json, FactStore facts, PolicyCatalog catalog) {
        this.jdbc = jdbc;
        this.json = json;
        this.facts = facts;
        this.catalog = catalog;
    }

    /**
     * Every evaluated (policy, period) of {@code uscc}, optionally narrowed to a policy and a period. The
     * explanation is derived again from the policy version that evaluated it and the enterprise's facts:
     * every change to the facts a policy reads re-evaluates it, so these are the facts it was evaluated on.
     */
    public List<Standing> standings(String uscc, String policyId, String period) {
        return standings(uscc, policyId, period, false);
    }

    /**
     * As {@link #standings(String, String, String)}; with {@code liveOnly}, only those with a live decision (a grant or
     * adjustment in force), which leaves out the years not yet decided.
     */
    public List<Standing> standings(String uscc, String policyId, String period, boolean liveOnly) {
        FactsSnapshot snapshot = facts.snapshot(uscc);
        return jdbc.sql("""
                        SELECT e.*, (SELECT count(*) FROM budget_queue ahead WHERE ahead.policy_id = q.policy_id AND ahead.period = q.period
                                       AND ahead.position <= q.position) AS queue_position
                        FROM evaluation e
                        LEFT JOIN budget_queue q ON q.policy_id = e.policy_id AND q.period = e.period AND q.uscc = e.uscc
                        WHERE e.uscc = :uscc
                          AND (CAST(:policy AS text) IS NULL OR e.policy_id = :policy) AND (CAST(:period AS text) IS NULL OR e.period = :period)
                          AND (NOT :liveOnly OR EXISTS (SELECT 1 FROM decision d WHERE d.uscc = e.uscc AND d.policy_id = e.policy_id
                                                        AND d.period = e.period AND d.live))
                        ORDER BY e.policy_id, e.period""")
                .param("uscc", uscc)
                .param("policy", policyId)
                .param("period", period)
                .param("liveOnly", liveOnly)
                .query((rs, n) -> new Standing(
                        rs.getString("uscc"),
                        rs.getString("policy_id"),
                        rs.getString("period"),
                        rs.getInt("policy_version"),
                        rs.getString("outcome"),
                        rs.getString("standing"),
                        rs.getString("standing_note"),
                        money(rs.getBigDecimal("amount")),
                        rs.getObject("queue_position") == null || rs.getLong("queue_position") == 0
                                ? null
                                : Math.toIntExact(rs.getLong("queue_position")),
                        "OUT_OF_FORCE".equals(rs.getString("standing"))
                                ? null
                                : explanation(
                                        snapshot,
                                        rs.getString("policy_id"),
                                        rs.getInt("policy_version"),
                                        rs.getString("period")),
                        rs.getObject("evaluated_at", OffsetDateTime.class),
                        decisions(rs.getString("uscc"), rs.getString("policy_id"), rs.getString("period"))))
                .list();
    }

    /** Whether anything was ever evaluated for {@code uscc}. */
    public boolean evaluated(String uscc) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM evaluation WHERE uscc = ?)")
                .param(uscc)
                .query(Boolean.class)
                .single();
    }

    private JsonNode explanation(FactsSnapshot snapshot, String policyId, int version, String periodLabel) {
        Optional<Policy> policy = catalog.version(policyId, version);
        if (policy.isEmpty()) {
            return null;
        }
        Optional<Period> period =
                periodLabel.equals("ONCE") ? policy.get().oncePeriod(snapshot) : Optional.of(Period.parse(periodLabel));
        return period.map(p -> (JsonNode) json.valueToTree(
                        PolicyEngine.evaluate(policy.get(), snapshot, p, true).explanation()))
                .orElse(null);
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private List<Decision> decisions(String uscc, String policyId, String period) {
        return jdbc.sql("""
                        SELECT d.*, o.event FROM decision d JOIN outbox o ON o.event_id = CAST(d.decision_id AS text)
                        WHERE d.uscc = ? AND d.policy_id = ? AND d.period = ? ORDER BY d.decided_at, d.kind""")
                .params(uscc, policyId, period)
                .query((rs, n) -> new Decision(
                        rs.getObject("decision_id", UUID.class),
                        rs.getString("kind"),
                        money(rs.getBigDecimal("amount")),
                        money(rs.getBigDecimal("recover_amount")),
                        rs.getObject("refers_to", UUID.class),
                        rs.getString("reason"),
                        rs.getBoolean("live"),
                        rs.getObject("decided_at", OffsetDateTime.class),
                        json.readTree(rs.getString("event"))))
                .list();
    }
}
