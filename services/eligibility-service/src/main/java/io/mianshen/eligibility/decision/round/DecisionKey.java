package io.mianshen.eligibility.decision.round;

/**
 * What a decision is about: an enterprise, a policy and a period. At most one decision per key is live.
 *
 * @param uscc     the enterprise
 * @param policyId the policy
 * @param period   {@code FY2023}, {@code Y2023} or {@code ONCE}
 */
public record DecisionKey(String uscc, String policyId, String period) {

    /** The budget account the key draws on when its policy has a budget. */
    public BudgetAccountKey account() {
        return new BudgetAccountKey(policyId, period);
    }

    /**
     * A budget: a policy in a period.
     *
     * @param policyId the policy
     * @param period   the period
     */
    public record BudgetAccountKey(String policyId, String period) implements Comparable<BudgetAccountKey> {

        @Override
        public int compareTo(BudgetAccountKey other) {
            int byPolicy = policyId.compareTo(other.policyId);
            return byPolicy != 0 ? byPolicy : period.compareTo(other.period);
        }
    }
}
