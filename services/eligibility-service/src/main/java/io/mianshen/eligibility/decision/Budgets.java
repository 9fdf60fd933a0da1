package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.decision.round.BudgetSettlement;
import io.mianshen.eligibility.decision.round.DecisionKey;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Budgets of policies that have one, and their first-in-first-out queues. Opening an account locks the budget row
 * until the transaction ends, so two instances deciding at once are serialised and the granted total never exceeds
 * the budget (the table checks it too).
 */
@Component
class Budgets {

    private final JdbcClient jdbc;

    Budgets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The budget {@code key} (created with {@code total} on first use) and its queue, locked until the transaction ends. */
    BudgetSettlement.Account open(DecisionKey.BudgetAccountKey key, BigDecimal total) {
        jdbc.sql(
                        "INSERT INTO budget (policy_id, period, total) VALUES (?, ?, ?) ON CONFLICT (policy_id, period) DO NOTHING")
                .params(key.policyId(), key.period(), total)
                .update();
        return jdbc.sql("SELECT granted, total FROM budget WHERE policy_id = ? AND period = ? FOR UPDATE")
                .params(key.policyId(), key.period())
                .query((rs, n) -> new BudgetSettlement.Account(
                        key,
                        rs.getBigDecimal("total"),
                        rs.getBigDecimal("granted"),
                        jdbc.sql("SELECT uscc FROM budget_queue WHERE policy_id = ? AND period = ? ORDER BY position")
                                .params(key.policyId(), key.period())
                                .query(String.class)
                                .list()))
                .single();
    }

    /** Writes what is granted of the budget {@code key}. */
    void save(DecisionKey.BudgetAccountKey key, BigDecimal granted) {
        jdbc.sql("UPDATE budget SET granted = ? WHERE policy_id = ? AND period = ?")
                .params(granted, key.policyId(), key.period())
                .update();
    }

    /** Which of {@code usccs} wait in the queue of {@code key} (read without a lock). */
    Set<String> waitingAmong(DecisionKey.BudgetAccountKey key, Collection<String> usccs) {
        return new HashSet<>(
                jdbc.sql("SELECT uscc FROM budget_queue WHERE policy_id = ? AND period = ? AND uscc = ANY(?)")
                        .params(key.policyId(), key.period(), usccs.toArray(String[]::new))
                        .query(String.class)
                        .list());
    }

    /**
     * Puts {@code key} at the end of its budget's queue, announced as {@code queuedDecisionId}.
     *
     * @return its ticket: the queue is granted in ascending ticket order
     */
    long enqueue(DecisionKey key, UUID queuedDecisionId) {
        return jdbc.sql(
                        "INSERT INTO budget_queue (policy_id, period, uscc, queued_decision_id) VALUES (?, ?, ?, ?) RETURNING position")
                .params(key.policyId(), key.period(), key.uscc(), queuedDecisionId)
                .query(Long.class)
                .single();
    }

    /**
     * Takes {@code key} out of its budget's queue.
     *
     * @return the id its entry was announced with (none for an entry made before entries were announced)
     */
    Optional<UUID> dequeue(DecisionKey key) {
        return jdbc.sql(
                        "DELETE FROM budget_queue WHERE policy_id = ? AND period = ? AND uscc = ? RETURNING queued_decision_id")
                .params(key.policyId(), key.period(), key.uscc())
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                .optional()
                .flatMap(id -> id);
    }
}
