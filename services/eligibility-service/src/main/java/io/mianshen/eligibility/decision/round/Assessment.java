package io.mianshen.eligibility.decision.round;

import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Outcome;
import java.math.BigDecimal;

/**
 * What is stored of an evaluation: its outcome, amount and standing, for the decision API and for telling whether
 * a later evaluation changes anything.
 *
 * @param policyVersion the version that evaluated it
 * @param amount        the evaluated amount, when eligible
 * @param note          why, for queued, superseded, out-of-force or no-longer-eligible results
 * @param fingerprint   what of it, once changed, is worth storing again
 */
public record Assessment(
        DecisionKey key,
        int policyVersion,
        Outcome outcome,
        BigDecimal amount,
        Standing standing,
        String note,
        String fingerprint) {

    /** Whether it differs from what is stored of its key ({@code stored}: fingerprints by key), so must be written. */
    boolean differsFrom(java.util.Map<DecisionKey, String> stored) {
        return !fingerprint.equals(stored.get(key));
    }

    /** The assessment of {@code evaluation} with {@code standing}. */
    static Assessment of(DecisionKey key, Evaluation evaluation, Standing standing, String note) {
        String fingerprint = evaluation.policy().version() + "|" + evaluation.outcome() + "|" + evaluation.amount()
                + "|" + standing + "|" + note + "|" + evaluation.failingClauses() + "|" + evaluation.missingFacts();
        return new Assessment(
                key,
                evaluation.policy().version(),
                evaluation.outcome(),
                evaluation.amount(),
                standing,
                note,
                fingerprint);
    }

    /**
     * What of an evaluation a reviewer's ruling is final for: the policy version, outcome, amount, failing clauses and
     * missing facts; a change of facts that leaves them as they were leaves the ruling standing.
     */
    public static String factState(Evaluation evaluation) {
        return evaluation.policy().version() + "|" + evaluation.outcome() + "|" + evaluation.amount() + "|"
                + evaluation.failingClauses() + "|" + evaluation.missingFacts();
    }

    /** The assessment of a key its policy no longer decides. */
    static Assessment outOfForce(DecisionKey key, int policyVersion, String note) {
        return new Assessment(
                key,
                policyVersion,
                Outcome.INELIGIBLE,
                null,
                Standing.OUT_OF_FORCE,
                note,
                policyVersion + "|" + Standing.OUT_OF_FORCE + "|" + note);
    }
}
