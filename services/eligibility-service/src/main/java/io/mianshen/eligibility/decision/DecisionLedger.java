package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.decision.round.Assessment;
import io.mianshen.eligibility.decision.round.DecisionKey;
import io.mianshen.eligibility.decision.round.LiveDecision;
import io.mianshen.eligibility.decision.round.RulingOverride;
import io.mianshen.eligibility.publicity.Publicity;
import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Policy;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.SourceRef;
import io.mianshen.support.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The decisions table, the evaluations table and the outbox. A round of decisions is collected in
 * {@link Writes} and written with one batched statement per table, in the caller's transaction: each
 * decision row holds the policy version and refers to the facts snapshot it was decided on (stored once
 * per re-decision); its event (with the explanation) is kept once, in the outbox, whose rows are never
 * pruned and which {@link DecisionQueries} reads by event id. At most one decision per (enterprise,
 * policy, period) is live.
 */
@Component
class DecisionLedger {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final DecisionEvents events;
    private final Outbox outbox;
    private final JsonMapper json;
    private final MeterRegistry metrics;
    private final Publicity publicity;

    DecisionLedger(
            JdbcClient jdbc,
            JdbcTemplate batch,
            DecisionEvents events,
            Outbox outbox,
            JsonMapper json,
            MeterRegistry metrics,
            Publicity publicity) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.events = events;
        this.outbox = outbox;
        this.json = json;
        this.metrics = metrics;
        this.publicity = publicity;
    }

    /** The live decisions of {@code usccs}. */
    Map<DecisionKey, LiveDecision> live(Collection<String> usccs) {
        Map<DecisionKey, LiveDecision> live = new HashMap<>();
        jdbc.sql("SELECT uscc, policy_id, period, decision_id, amount FROM decision WHERE uscc = ANY(?) AND live")
                .param(usccs.toArray(String[]::new))
                .query((rs, n) -> live.put(
                        new DecisionKey(rs.getString("uscc"), rs.getString("policy_id"), rs.getString("period")),
                        new LiveDecision(rs.getObject("decision_id", UUID.class), rs.getBigDecimal("amount"))))
                .list();
        return live;
    }

    /**
     * The stored assessments of {@code usccs}, as their fingerprints ({@link Assessment#fingerprint}): what tells
     * whether a new evaluation changes anything, and which periods the enterprise was evaluated in before.
     */
    Map<DecisionKey, String> standings(Collection<String> usccs) {
        Map<DecisionKey, String> standings = new HashMap<>();
        jdbc.sql("SELECT uscc, policy_id, period, fingerprint FROM evaluation WHERE uscc = ANY(?)")
                .param(usccs.toArray(String[]::new))
                .query((rs, n) -> standings.put(
                        new DecisionKey(rs.getString("uscc"), rs.getString("policy_id"), rs.getString("period")),
                        rs.getString("fingerprint")))
                .list();
        return standings;
    }

    /**
     * The corrections of upheld rulings on {@code usccs}' grants; none at all (one cheap query) while no ruling was ever
     * upheld for them.
     */
    Map<DecisionKey, RulingOverride> overrides(Collection<String> usccs) {
        Map<DecisionKey, RulingOverride> overrides = new HashMap<>();
        jdbc.sql("""
                        SELECT o.uscc, o.policy_id, o.period, o.ruling_id, o.correction, o.amount, o.fact_state, r.reasons
                        FROM ruling_override o JOIN review_ruling r ON r.ruling_id = o.ruling_id WHERE o.uscc = ANY(?)""")
                .param(usccs.toArray(String[]::new))
                .query((rs, n) -> overrides.put(
                        new DecisionKey(rs.getString("uscc"), rs.getString("policy_id"), rs.getString("period")),
                        new RulingOverride(
                                rs.getObject("ruling_id", UUID.class),
                                RulingOverride.Correction.valueOf(rs.getString("correction")),
                                rs.getBigDecimal("amount"),
                                rs.getString("fact_state"),
                                rulingReason(rs.getObject("ruling_id", UUID.class), rs.getString("reasons")))))
                .list();
        return overrides;
    }

    /** An upheld ruling as the reason of the decision it makes. */
    static String rulingReason(UUID rulingId, String reasons) {
        return "公示期异议复核裁定（" + rulingId + "）：" + reasons + " (upheld on review of an objection during publicity, ruling "
                + rulingId + ")";
    }

    /** A new round of writes, decided at {@code now}. */
    Writes writes(Instant now) {
        return new Writes(now);
    }

    /** Writes a round with one batched statement per table. */
    void write(Writes writes) {
        if (!writes.snapshots.isEmpty()) {
            batch.batchUpdate(
                    "INSERT INTO facts_snapshot (snapshot_id, uscc, facts) VALUES (?, ?, CAST(? AS json))",
                    writes.snapshots,
                    writes.snapshots.size(),
                    (statement, row) -> {
                        statement.setObject(1, row.id());
                        statement.setString(2, row.uscc());
                        statement.setString(3, row.facts());
                    });
        }
        if (!writes.retired.isEmpty()) {
            batch.batchUpdate(
                    "UPDATE decision SET live = false WHERE decision_id = ?",
                    writes.retired,
                    writes.retired.size(),
                    (statement, id) -> statement.setObject(1, id));
        }
        if (!writes.decisions.isEmpty()) {
            batch.batchUpdate("""
                            INSERT INTO decision (decision_id, uscc, policy_id, period, policy_version, kind, amount, recover_amount,
                                                  refers_to, reason, live, snapshot_id, decided_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", writes.decisions, writes.decisions.size(), (statement, row) -> {
                statement.setObject(1, row.id());
                statement.setString(2, row.uscc());
                statement.setString(3, row.policy().id());
                statement.setString(4, row.period());
                statement.setInt(5, row.policy().version());
                statement.setString(6, row.kind());
                statement.setBigDecimal(7, row.amount());
                statement.setBigDecimal(8, row.recover());
                statement.setObject(9, row.refersTo(), Types.OTHER);
                statement.setString(10, row.reason());
                statement.setBoolean(11, row.live());
                statement.setObject(12, row.snapshotId());
                statement.setTimestamp(13, Timestamp.from(writes.now));
            });
            outbox.appendAll(writes.decisions.stream()
                    .map(row -> new Outbox.Entry(
                            DecisionEvents.TOPIC, row.uscc(), row.id().toString(), row.event()))
                    .toList());
            writes.decisions.forEach(row -> metrics.counter(
                            "mianshen.decisions",
                            "kind",
                            row.kind(),
                            "policy",
                            row.policy().id())
                    .increment());
            publicity.enter(writes.published, writes.now);
        }
        if (!writes.queueEvents.isEmpty()) {
            outbox.appendAll(writes.queueEvents);
        }
        if (!writes.standings.isEmpty()) {
            batch.batchUpdate(
                    """
                            INSERT INTO evaluation (uscc, policy_id, period, policy_version, outcome, amount, standing, standing_note, fingerprint)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (uscc, policy_id, period) DO UPDATE SET policy_version = EXCLUDED.policy_version,
                                outcome = EXCLUDED.outcome, amount = EXCLUDED.amount, standing = EXCLUDED.standing,
                                standing_note = EXCLUDED.standing_note, fingerprint = EXCLUDED.fingerprint, evaluated_at = now()""", List.copyOf(writes.standings.values()), writes.standings.size(), (statement, row) -> {
                        statement.setString(1, row.key().uscc());
                        statement.setString(2, row.key().policyId());
                        statement.setString(3, row.key().period());
                        statement.setInt(4, row.policyVersion());
                        statement.setString(5, row.outcome().name());
                        statement.setBigDecimal(6, row.amount());
                        statement.setString(7, row.standing().name());
                        statement.setString(8, row.note());
                        statement.setString(9, row.fingerprint());
                    });
        }
    }

    private record DecisionRow(
            UUID id,
            String uscc,
            Policy policy,
            String period,
            String kind,
            BigDecimal amount,
            BigDecimal recover,
            UUID refersTo,
            String reason,
            boolean live,
            String event,
            UUID snapshotId) {}

    private record SnapshotRow(UUID id, String uscc, String facts) {}

    /**
     * The decisions and evaluations of one round, not yet written. Decisions need evaluations made
     * with an explanation; standings take any evaluation.
     */
    final class Writes {

        private final Instant now;
        private final List<UUID> retired = new ArrayList<>();
        private final List<DecisionRow> decisions = new ArrayList<>();
        /** The latest assessment of each (enterprise, policy, period): one row each per statement. */
        private final Map<DecisionKey, Assessment> standings = new LinkedHashMap<>();

        private final List<SnapshotRow> snapshots = new ArrayList<>();
        /** Entries to and exits from budget queues, published with the decisions. */
        private final List<Outbox.Entry> queueEvents = new ArrayList<>();
        /** Grants and increases of policies with a publicity window (公示), entered with their decisions. */
        private final List<Publicity.Entry> published = new ArrayList<>();
        /** Each snapshot is written once however many decisions it backs. */
        private final Map<FactsSnapshot, UUID> snapshotIds = new IdentityHashMap<>();

        private Writes(Instant now) {
            this.now = now;
        }

        void grant(String uscc, String name, FactsSnapshot snapshot, Evaluation explained) {
            UUID id = UUID.randomUUID();
            String event = events.granted(id, uscc, explained, name, now);
            decisions.add(new DecisionRow(
                    id,
                    uscc,
                    explained.policy(),
                    explained.period().label(),
                    "GRANTED",
                    explained.amount(),
                    null,
                    null,
                    null,
                    true,
                    event,
                    facts(snapshot)));
            publish(id, uscc, name, explained);
        }

        void adjust(
                String uscc,
                String name,
                FactsSnapshot snapshot,
                Evaluation explained,
                LiveDecision previous,
                String reason,
                UUID rulingId) {
            UUID id = UUID.randomUUID();
            String event = events.adjusted(id, uscc, explained, name, now, previous, reason, rulingId);
            retired.add(previous.decisionId());
            decisions.add(new DecisionRow(
                    id,
                    uscc,
                    explained.policy(),
                    explained.period().label(),
                    "ADJUSTED",
                    explained.amount(),
                    null,
                    previous.decisionId(),
                    reason,
                    true,
                    event,
                    facts(snapshot)));
            // an increase is published again; a decrease is not (the enterprise is the one to object to it)
            if (previous.amount() == null || explained.amount().compareTo(previous.amount()) > 0) {
                publish(id, uscc, name, explained);
            }
        }

        private void publish(UUID id, String uscc, String name, Evaluation explained) {
            Policy policy = explained.policy();
            policy.publicityWorkingDays()
                    .ifPresent(days -> published.add(new Publicity.Entry(
                            id,
                            uscc,
                            name,
                            policy.id(),
                            policy.version(),
                            explained.period().label(),
                            explained.amount(),
                            policy.legalBasis().document(),
                            java.util.Objects.requireNonNullElse(
                                    policy.legalBasis().article(), ""),
                            days)));
        }

        void revoke(
                String uscc,
                FactsSnapshot snapshot,
                Policy policy,
                String period,
                LiveDecision revoked,
                String reason,
                BigDecimal recoverAmount,
                List<SourceRef> basedOn,
                UUID rulingId) {
            UUID id = UUID.randomUUID();
            String event =
                    events.revoked(id, uscc, policy, period, revoked, reason, recoverAmount, basedOn, now, rulingId);
            retired.add(revoked.decisionId());
            decisions.add(new DecisionRow(
                    id,
                    uscc,
                    policy,
                    period,
                    "REVOKED",
                    null,
                    recoverAmount,
                    revoked.decisionId(),
                    reason,
                    false,
                    event,
                    facts(snapshot)));
        }

        /** Publishes that {@code key} joined its budget's queue with {@code ticket}. */
        void queued(
                UUID id,
                DecisionKey key,
                String name,
                Evaluation explained,
                LiveDecision live,
                BigDecimal waitingFor,
                long ticket,
                int position,
                String reason) {
            queueEvents.add(new Outbox.Entry(
                    DecisionEvents.TOPIC,
                    key.uscc(),
                    id.toString(),
                    events.queued(id, key, name, explained, live, waitingFor, ticket, position, reason, now)));
        }

        /** Publishes that {@code key} left its budget's queue, where it had joined as {@code leaves}. */
        void queueLeft(DecisionKey key, UUID leaves, boolean granted, String reason) {
            UUID id = UUID.randomUUID();
            queueEvents.add(new Outbox.Entry(
                    DecisionEvents.TOPIC,
                    key.uscc(),
                    id.toString(),
                    events.queueLeft(id, key, leaves, granted, reason, now)));
        }

        /** Stores the latest assessment of an (enterprise, policy, period), whatever its outcome. */
        void assessment(Assessment assessment) {
            standings.put(assessment.key(), assessment);
        }

        private UUID facts(FactsSnapshot snapshot) {
            return snapshotIds.computeIfAbsent(snapshot, s -> {
                UUID id = UUID.randomUUID();
                snapshots.add(new SnapshotRow(id, s.uscc(), json.writeValueAsString(s)));
                return id;
            });
        }
    }
}
