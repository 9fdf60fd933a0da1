package io.mianshen.eligibility.decision.round;

import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Policy;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.SourceRef;
import java.math.BigDecimal;
import java.util.List;

/** A change a round decides for one (enterprise, policy, period). */
public sealed interface Change {

    /** What the change is about. */
    DecisionKey key();

    /**
     * A new grant.
     *
     * @param enterpriseName the enterprise's latest name
     * @param facts          the facts it was decided on
     * @param explained      the evaluation, with its explanation
     * @param note           how it came about, when not simply eligible (granted from the budget queue)
     */
    record Grant(DecisionKey key, String enterpriseName, FactsSnapshot facts, Evaluation explained, String note)
            implements Change {}

    /**
     * A new amount for a live grant.
     *
     * @param previous the live decision it replaces
     * @param reason   why
     * @param rulingId the reviewer's ruling that made it, or null
     */
    record Adjust(
            DecisionKey key,
            String enterpriseName,
            FactsSnapshot facts,
            Evaluation explained,
            LiveDecision previous,
            String reason,
            java.util.UUID rulingId)
            implements Change {

        /** An adjustment the facts made. */
        public Adjust(
                DecisionKey key,
                String enterpriseName,
                FactsSnapshot facts,
                Evaluation explained,
                LiveDecision previous,
                String reason) {
            this(key, enterpriseName, facts, explained, previous, reason, null);
        }
    }

    /**
     * The end of a live grant.
     *
     * @param policy        the policy (version) that revokes it
     * @param revoked       the live decision revoked
     * @param reason        why, in Chinese and English
     * @param recoverAmount what the enterprise must return, by the policy's recovery
     * @param basedOn       the fact events that caused it
     * @param rulingId      the reviewer's ruling that made it, or null
     */
    record Revoke(
            DecisionKey key,
            FactsSnapshot facts,
            Policy policy,
            LiveDecision revoked,
            String reason,
            BigDecimal recoverAmount,
            List<SourceRef> basedOn,
            java.util.UUID rulingId)
            implements Change {

        /** A revocation the facts made. */
        public Revoke(
                DecisionKey key,
                FactsSnapshot facts,
                Policy policy,
                LiveDecision revoked,
                String reason,
                BigDecimal recoverAmount,
                List<SourceRef> basedOn) {
            this(key, facts, policy, revoked, reason, recoverAmount, basedOn, null);
        }
    }

    /**
     * An eligible decision that does not fit its budget (or would pass those already waiting) joins the end of the
     * budget's first-in-first-out queue.
     *
     * @param explained  the evaluation it waits with, with its explanation
     * @param live       the live grant it would increase, or {@code null} for a new grant
     * @param waitingFor what it waits for: the amount, or the difference over the live grant
     * @param position   its place in the queue, from 1
     * @param reason     why it waits, in Chinese and English
     */
    record Queue(
            DecisionKey key,
            String enterpriseName,
            Evaluation explained,
            LiveDecision live,
            BigDecimal waitingFor,
            int position,
            String reason)
            implements Change {}

    /**
     * A queued decision leaves the queue.
     *
     * @param granted whether it leaves because it is granted now (a {@link Grant} or {@link Adjust} goes with it)
     * @param reason  why it leaves
     */
    record Dequeue(DecisionKey key, boolean granted, String reason) implements Change {}

    /**
     * Nothing changes.
     *
     * @param why the standing it is left with
     */
    record Leave(DecisionKey key, Standing why) implements Change {}
}
