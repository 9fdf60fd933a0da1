package io.mianshen.policy;

import io.mianshen.policy.facts.Period;
import java.math.BigDecimal;
import java.util.List;

/**
 * The result of evaluating one policy version for one enterprise and period.
 *
 * @param policy         the policy version
 * @param period         the period
 * @param outcome        ELIGIBLE, INELIGIBLE or UNDETERMINED
 * @param amount         the amount in yuan, exact to the fen, for ELIGIBLE; otherwise {@code null}
 * @param failingClauses the clauses that do not hold, for INELIGIBLE
 * @param missingFacts   the missing facts, for UNDETERMINED
 * @param explanation    the explanation, or {@code null} when evaluated without one
 */
public record Evaluation(
        Policy policy,
        Period period,
        Outcome outcome,
        BigDecimal amount,
        List<String> failingClauses,
        List<String> missingFacts,
        Explanation explanation) {}
