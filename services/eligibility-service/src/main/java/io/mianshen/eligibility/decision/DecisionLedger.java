package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.outbox.Outbox;
import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Policy;
import io.mianshen.policy.facts.FactsSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The decisions table and the outbox, written together: each decision row holds its event, the policy
 * version, the facts snapshot and the explanation, and the same event goes to the outbox in the same
 * transaction. At most one decision per (enterprise, policy, period) is live.
 */
@Component
class DecisionLedger {

    private final JdbcClient jdbc;
    private final DecisionEvents events;
    private final Outbox outbox;
    private final JsonMapper json;
    private final MeterRegistry metrics;

    DecisionLedger(JdbcClient jdbc, DecisionEvents events, Outbox outbox, JsonMapper json, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.events = events;
        this.outbox = outbox;
        this.json = json;
        this.metrics = metrics;
    }

    Optional<LiveDecision> live(String uscc, String policyId, String period) {
        return jdbc.sql("SELECT decision_id, amount FROM decision WHERE uscc = ? AND policy_id = ? AND period = ? AND live")
                .params(uscc, policyId, period)
                .query((rs, n) -> new LiveDecision(rs.getObject("decision_id", UUID.class), rs.getBigDecimal("amount")))
                .optional();
    }

    void grant(String uscc, String name, FactsSnapshot snapshot, Evaluation evaluation, Instant now) {
        UUID id = UUID.randomUUID();
        ObjectNode event = events.granted(id, uscc, evaluation, name, now);
        insert(id, uscc, evaluation.policy(), evaluation.period().label(), "GRANTED", evaluation.amount(), null, null, null, true, event, snapshot, now);
    }

    void adjust(String uscc, String name, FactsSnapshot snapshot, Evaluation evaluation, LiveDecision previous, String reason, Instant now) {
        UUID id = UUID.randomUUID();
        ObjectNode event = events.adjusted(id, uscc, evaluation, name, now, previous, reason);
        retire(previous);
        insert(id, uscc, evaluation.policy(), evaluation.period().label(), "ADJUSTED", evaluation.amount(), null, previous.decisionId(),
                reason, true, event, snapshot, now);
    }

    void revoke(String uscc, FactsSnapshot snapshot, Policy policy, String period, LiveDecision revoked, String reason,
                BigDecimal recoverAmount, Evaluation evaluation, Instant now) {
        UUID id = UUID.randomUUID();
        ObjectNode event = events.revoked(id, uscc, policy, period, revoked, reason, recoverAmount, evaluation.explanation().basedOn(), now);
        retire(revoked);
        insert(id, uscc, policy, period, "REVOKED", null, recoverAmount, revoked.decisionId(), reason, false, event, snapshot, now);
    }

    /**
     * The stored evaluations of {@code uscc}, keyed by policy and period, in a form that tells whether a
     * new evaluation changes anything.
     */
    Map<String, String> standings(String uscc) {
        Map<String, String> standings = new HashMap<>();
        jdbc.sql("SELECT policy_id, period, fingerprint FROM evaluation WHERE uscc = ?").param(uscc)
                .query((rs, n) -> standings.put(rs.getString("policy_id") + " " + rs.getString("period"), rs.getString("fingerprint")))
                .list();
        return standings;
    }

    /** What of an evaluation, once changed, is worth storing again. */
    static String fingerprint(Evaluation evaluation, Standing standing, String note) {
        return evaluation.policy().version() + "|" + evaluation.outcome() + "|" + evaluation.amount() + "|" + standing + "|" + note
                + "|" + evaluation.failingClauses() + "|" + evaluation.missingFacts();
    }

    /** Stores the latest evaluation of an (enterprise, policy, period), whatever its outcome. */
    void recordStanding(String uscc, FactsSnapshot snapshot, Evaluation evaluation, Standing standing, String note) {
        jdbc.sql("""
                        INSERT INTO evaluation (uscc, policy_id, period, policy_version, outcome, amount, standing, standing_note, explanation, fingerprint)
                        VALUES (:uscc, :policy, :period, :version, :outcome, :amount, :standing, :note, CAST(:explanation AS jsonb), :fingerprint)
                        ON CONFLICT (uscc, policy_id, period) DO UPDATE SET policy_version = EXCLUDED.policy_version,
                            outcome = EXCLUDED.outcome, amount = EXCLUDED.amount, standing = EXCLUDED.standing,
                            standing_note = EXCLUDED.standing_note, explanation = EXCLUDED.explanation,
                            fingerprint = EXCLUDED.fingerprint, evaluated_at = now()""")
                .param("uscc", uscc)
                .param("policy", evaluation.policy().id())
                .param("period", evaluation.period().label())
                .param("version", evaluation.policy().version())
                .param("outcome", evaluation.outcome().name())
                .param("amount", evaluation.amount())
                .param("standing", standing.name())
                .param("note", note)
                .param("explanation", json.writeValueAsString(evaluation.explanation()))
                .param("fingerprint", fingerprint(evaluation, standing, note))
                .update();
    }

    /** The snapshot as JSON, written once however many decisions one re-decision makes. */
    private String factsJson(FactsSnapshot snapshot) {
        SnapshotJson cached = lastSnapshot.get();
        if (cached == null || cached.snapshot() != snapshot) {
            cached = new SnapshotJson(snapshot, json.writeValueAsString(snapshot));
            lastSnapshot.set(cached);
        }
        return cached.json();
    }

    private record SnapshotJson(FactsSnapshot snapshot, String json) {
    }

    private final ThreadLocal<SnapshotJson> lastSnapshot = new ThreadLocal<>();

    private void retire(LiveDecision decision) {
        jdbc.sql("UPDATE decision SET live = false WHERE decision_id = ?").param(decision.decisionId()).update();
    }

    private void insert(UUID id, String uscc, Policy policy, String period, String kind, BigDecimal amount, BigDecimal recover,
                        UUID refersTo, String reason, boolean live, ObjectNode event, FactsSnapshot snapshot, Instant now) {
        String eventJson = event.toString();
        jdbc.sql("""
                        INSERT INTO decision (decision_id, uscc, policy_id, period, policy_version, kind, amount, recover_amount, refers_to,
                                              reason, live, event, facts, decided_at)
                        VALUES (:id, :uscc, :policy, :period, :version, :kind, :amount, :recover, :refersTo, :reason, :live,
                                CAST(:event AS jsonb), CAST(:facts AS jsonb), :decidedAt)""")
                .param("id", id)
                .param("uscc", uscc)
                .param("policy", policy.id())
                .param("period", period)
                .param("version", policy.version())
                .param("kind", kind)
                .param("amount", amount)
                .param("recover", recover)
                .param("refersTo", refersTo)
                .param("reason", reason)
                .param("live", live)
                .param("event", eventJson)
                .param("facts", factsJson(snapshot))
                .param("decidedAt", Timestamp.from(now))
                .update();
        outbox.append(DecisionEvents.TOPIC, uscc, id.toString(), eventJson);
        metrics.counter("mianshen.decisions", "kind", kind, "policy", policy.id()).increment();
    }
}
