package io.mianshen.eligibility.decision.round;

import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;

/** Evaluates a policy version on an enterprise's facts for a period; the service wraps it with its timers. */
@FunctionalInterface
public interface Evaluator {

    /** The policy engine itself. */
    Evaluator ENGINE = PolicyEngine::evaluate;

    /**
     * @param explain whether to build the explanation (only a decision event needs it)
     */
    Evaluation evaluate(Policy policy, FactsSnapshot facts, Period period, boolean explain);
}
