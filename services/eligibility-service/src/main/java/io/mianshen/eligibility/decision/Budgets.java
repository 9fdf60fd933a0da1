package io.mianshen.eligibility.decision;

import io.mianshen.policy.Policy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Collection;

/**
 * Budgets of policies that have one. Opening an {@link Account} locks the budget row until the
 * transaction ends, so two instances deciding at once are serialised and the granted total never
 * exceeds the budget (the table checks it too). Decisions that do not fit wait in a first-in-first-out
 * queue.
 */
@Component
class Budgets {

    private final JdbcClient jdbc;

    Budgets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The budget of one policy and period, locked by the current transaction. */
    static final class Account {

        private final String policyId;
        private final String period;
        private final BigDecimal total;
        private BigDecimal granted;

        private Account(String policyId, String period, BigDecimal total, BigDecimal granted) {
            this.policyId = policyId;
            this.period = period;
            this.total = total;
            this.granted = granted;
        }

        /** Reserves {@code amount} (negative: gives back) if it fits; {@code false} otherwise. */
        boolean reserve(BigDecimal amount) {
            if (granted.add(amount).compareTo(total) > 0) {
                return false;
            }
            granted = granted.add(amount);
            return true;
        }

        void release(BigDecimal amount) {
            granted = granted.subtract(amount);
        }

        String policyId() {
            return policyId;
        }

        String period() {
            return period;
        }
    }

    /** Locks the budget of {@code policy} in {@code period} (creating it on first use) until the transaction ends. */
    Account open(Policy policy, String period) {
        jdbc.sql("INSERT INTO budget (policy_id, period, total) VALUES (?, ?, ?) ON CONFLICT (policy_id, period) DO NOTHING")
                .params(policy.id(), period, policy.budgetPerPeriod().orElseThrow()).update();
        return jdbc.sql("SELECT granted, total FROM budget WHERE policy_id = ? AND period = ? FOR UPDATE")
                .params(policy.id(), period)
                .query((rs, n) -> new Account(policy.id(), period, rs.getBigDecimal("total"), rs.getBigDecimal("granted")))
                .single();
    }

    /** Writes what was reserved and released on {@code account}. */
    void save(Account account) {
        jdbc.sql("UPDATE budget SET granted = ? WHERE policy_id = ? AND period = ?")
                .params(account.granted, account.policyId, account.period).update();
    }

    boolean hasQueue(String policyId, String period) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM budget_queue WHERE policy_id = ? AND period = ?)")
                .params(policyId, period).query(Boolean.class).single();
    }

    void enqueue(String policyId, String period, String uscc) {
        jdbc.sql("INSERT INTO budget_queue (policy_id, period, uscc) VALUES (?, ?, ?) ON CONFLICT (policy_id, period, uscc) DO NOTHING")
                .params(policyId, period, uscc).update();
    }

    void dequeue(String policyId, String period, Collection<String> usccs) {
        jdbc.sql("DELETE FROM budget_queue WHERE policy_id = ? AND period = ? AND uscc = ANY(?)")
                .params(policyId, period, usccs.toArray(String[]::new)).update();
    }

    /** The enterprise first in the queue, or {@code null}. */
    String head(String policyId, String period) {
        return jdbc.sql("SELECT uscc FROM budget_queue WHERE policy_id = ? AND period = ? ORDER BY position LIMIT 1")
                .params(policyId, period).query(String.class).optional().orElse(null);
    }
}
