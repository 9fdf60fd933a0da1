package io.mianshen.eligibility.decision;

import io.mianshen.policy.Policy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;

/**
 * Budgets of policies that have one. A reservation locks the budget row, so two instances deciding at
 * once are serialised and the granted total never exceeds the budget (the table checks it too).
 * Decisions that do not fit wait in a first-in-first-out queue.
 */
@Component
class Budgets {

    private final JdbcClient jdbc;

    Budgets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reserves {@code amount} (negative: gives back) if it fits; {@code false} otherwise. */
    boolean reserve(Policy policy, String period, BigDecimal amount) {
        BigDecimal total = policy.budgetPerPeriod().orElseThrow();
        jdbc.sql("INSERT INTO budget (policy_id, period, total) VALUES (?, ?, ?) ON CONFLICT (policy_id, period) DO NOTHING")
                .params(policy.id(), period, total).update();
        BigDecimal[] row = jdbc.sql("SELECT granted, total FROM budget WHERE policy_id = ? AND period = ? FOR UPDATE")
                .params(policy.id(), period)
                .query((rs, n) -> new BigDecimal[] {rs.getBigDecimal("granted"), rs.getBigDecimal("total")}).single();
        if (row[0].add(amount).compareTo(row[1]) > 0) {
            return false;
        }
        jdbc.sql("UPDATE budget SET granted = granted + ? WHERE policy_id = ? AND period = ?").params(amount, policy.id(), period).update();
        return true;
    }

    void release(String policyId, String period, BigDecimal amount) {
        jdbc.sql("UPDATE budget SET granted = granted - ? WHERE policy_id = ? AND period = ?").params(amount, policyId, period).update();
    }

    void enqueue(String policyId, String period, String uscc) {
        jdbc.sql("INSERT INTO budget_queue (policy_id, period, uscc) VALUES (?, ?, ?) ON CONFLICT (policy_id, period, uscc) DO NOTHING")
                .params(policyId, period, uscc).update();
    }

    void dequeue(String policyId, String period, String uscc) {
        jdbc.sql("DELETE FROM budget_queue WHERE policy_id = ? AND period = ? AND uscc = ?").params(policyId, period, uscc).update();
    }

    /** The enterprise first in the queue, or {@code null}. */
    String head(String policyId, String period) {
        return jdbc.sql("SELECT uscc FROM budget_queue WHERE policy_id = ? AND period = ? ORDER BY position LIMIT 1")
                .params(policyId, period).query(String.class).optional().orElse(null);
    }
}
