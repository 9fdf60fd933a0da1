package io.mianshen.eligibility.decision.round;

import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Outcome;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settles a round's requests to one budget (a policy in a period), as plain Java. The budget is never overspent, and
 * what does not fit waits in a first-in-first-out queue:
 * <ol>
 *   <li>what leaves (no longer eligible, superseded, out of force, or already granted in full) leaves the queue;
 *       revocations and decreases give their amount back at once;</li>
 *   <li>a new grant, or an increase of a live grant (for its difference), is granted when it fits and nobody is
 *       waiting; otherwise it joins the end of the queue (one already waiting keeps its place);</li>
 *   <li>the queue is then granted from its head, in order, while the head fits; a head that does not fit stops it
 *       (nobody passes it).</li>
 * </ol>
 */
public final class BudgetSettlement {

    /** The note of a grant or increase made from the queue. */
    public static final String FROM_QUEUE = "预算释放后按排队顺序核定 (granted from the budget queue)";

    private final PolicyBook policies;
    private final Evaluator evaluator;

    public BudgetSettlement(PolicyBook policies, Evaluator evaluator) {
        this.policies = policies;
        this.evaluator = evaluator;
    }

    /**
     * What a round asks of a budget for one (enterprise, policy, period).
     *
     * @param evaluation the evaluation behind it ({@code null} when the policy no longer decides the period)
     * @param live       the live grant, if any
     */
    public record Request(
            Kind kind,
            DecisionKey key,
            String enterpriseName,
            FactsSnapshot facts,
            Evaluation evaluation,
            LiveDecision live) {

        /** What a request asks. */
        public enum Kind {
            /** Eligible for a new grant or a new amount. */
            GRANT_OR_ADJUST,
            /** Eligible for the amount already granted: nothing to wait for. */
            SETTLED,
            /** No longer eligible: nothing to wait for. */
            LEAVE,
            /** A live grant revoked: its amount is given back. */
            RELEASE
        }
    }

    /**
     * A budget as read (and locked) for the settlement.
     *
     * @param total   the budget
     * @param granted what is granted of it
     * @param queue   the enterprises waiting, first to last
     */
    public record Account(DecisionKey.BudgetAccountKey key, BigDecimal total, BigDecimal granted, List<String> queue) {}

    /** What the settlement reads of enterprises waiting in the queue that are not part of the round. */
    public interface Waiting {

        FactsSnapshot facts(String uscc);

        Optional<LiveDecision> live(DecisionKey key);
    }

    /**
     * What a settlement decides.
     *
     * @param granted what is granted of the budget afterwards
     */
    public record Settled(List<Change> changes, List<Assessment> assessments, BigDecimal granted) {}

    /** Whether {@code requests} touch the budget itself, given which of their enterprises wait in its queue. */
    public static boolean needsAccount(List<Request> requests, Set<String> waitingAmongThem) {
        return !waitingAmongThem.isEmpty()
                || requests.stream()
                        .anyMatch(r -> r.kind() == Request.Kind.GRANT_OR_ADJUST || r.kind() == Request.Kind.RELEASE);
    }

    /** Settles requests that neither wait nor change the budget: grants left as they are. */
    public Settled settleWithoutAccount(List<Request> requests, Map<DecisionKey, String> stored) {
        Settled settled = new Settled(new ArrayList<>(), new ArrayList<>(), null);
        for (Request request : requests) {
            if (request.kind() == Request.Kind.SETTLED) {
                settled.changes().add(new Change.Leave(request.key(), Standing.GRANTABLE));
                assess(settled, Assessment.of(request.key(), request.evaluation(), Standing.GRANTABLE, null), stored);
            }
        }
        return settled;
    }

    /** Settles {@code requests} (in decision order) against {@code account}. */
    public Settled settle(Account account, List<Request> requests, Map<DecisionKey, String> stored, Waiting waiting) {
        List<String> queue = new ArrayList<>(account.queue());
        Settled settled = new Settled(new ArrayList<>(), new ArrayList<>(), null);
        BigDecimal[] granted = {account.granted()};
        Map<String, Request> fresh = new LinkedHashMap<>();
        Set<String> joined = new LinkedHashSet<>();
        for (Request request : requests) {
            String uscc = request.key().uscc();
            switch (request.kind()) {
                case LEAVE -> {
                    if (queue.remove(uscc)) {
                        settled.changes()
                                .add(new Change.Dequeue(
                                        request.key(), false, "不再符合条件，退出排队 (no longer eligible: leaves the queue)"));
                    }
                }
                case RELEASE -> granted[0] = granted[0].subtract(request.live().amount());
                case SETTLED -> {
                    if (queue.remove(uscc)) {
                        settled.changes()
                                .add(new Change.Dequeue(
                                        request.key(),
                                        false,
                                        "已核定金额无需增加，退出排队 (the amount granted already covers it: leaves the queue)"));
                    }
                    settled.changes().add(new Change.Leave(request.key(), Standing.GRANTABLE));
                    assess(
                            settled,
                            Assessment.of(request.key(), request.evaluation(), Standing.GRANTABLE, null),
                            stored);
                }
                case GRANT_OR_ADJUST -> {
                    if (request.live() != null
                            && request.evaluation()
                                            .amount()
                                            .compareTo(request.live().amount())
                                    < 0) {
                        // a decrease gives back at once and waits for nothing
                        granted[0] = granted[0].add(request.evaluation()
                                .amount()
                                .subtract(request.live().amount()));
                        if (queue.remove(uscc)) {
                            settled.changes()
                                    .add(new Change.Dequeue(
                                            request.key(),
                                            false,
                                            "金额下调，退出排队 (the amount decreased: leaves the queue)"));
                        }
                        settled.changes()
                                .add(new Change.Adjust(
                                        request.key(),
                                        request.enterpriseName(),
                                        request.facts(),
                                        explain(request.evaluation(), request.facts()),
                                        request.live(),
                                        DecisionRound.ADJUSTED));
                        assess(
                                settled,
                                Assessment.of(request.key(), request.evaluation(), Standing.GRANTABLE, null),
                                stored);
                    } else {
                        fresh.put(uscc, request);
                    }
                }
            }
        }
        for (Request request : fresh.values()) {
            String uscc = request.key().uscc();
            if (queue.contains(uscc)) {
                continue;
            }
            BigDecimal need = need(request.evaluation(), request.live());
            if (queue.isEmpty() && fits(account, granted[0], need)) {
                granted[0] = granted[0].add(need);
                grant(
                        settled,
                        request.key(),
                        request.enterpriseName(),
                        request.facts(),
                        request.evaluation(),
                        request.live(),
                        null,
                        stored);
            } else {
                queue.add(uscc);
                joined.add(uscc);
            }
        }
        drain(account, queue, fresh, granted, settled, stored, waiting);
        for (Request request : fresh.values()) {
            String uscc = request.key().uscc();
            int position = queue.indexOf(uscc) + 1;
            if (position == 0) {
                continue;
            }
            BigDecimal need = need(request.evaluation(), request.live());
            String note = waitingNote(request, need);
            if (joined.contains(uscc)) {
                settled.changes()
                        .add(new Change.Queue(
                                request.key(),
                                request.enterpriseName(),
                                explain(request.evaluation(), request.facts()),
                                request.live(),
                                need,
                                position,
                                note));
            }
            assess(settled, Assessment.of(request.key(), request.evaluation(), Standing.QUEUED, note), stored);
        }
        return new Settled(settled.changes(), settled.assessments(), granted[0]);
    }

    /** Grants from the head of the queue while the head fits. */
    private void drain(
            Account account,
            List<String> queue,
            Map<String, Request> fresh,
            BigDecimal[] granted,
            Settled settled,
            Map<DecisionKey, String> stored,
            Waiting waiting) {
        while (!queue.isEmpty()) {
            String uscc = queue.get(0);
            DecisionKey key = new DecisionKey(
                    uscc, account.key().policyId(), account.key().period());
            Request request = fresh.get(uscc);
            FactsSnapshot facts = request != null ? request.facts() : waiting.facts(uscc);
            Optional<Evaluation> evaluation =
                    request != null ? Optional.of(request.evaluation()) : reevaluate(key, facts);
            LiveDecision live =
                    request != null ? request.live() : waiting.live(key).orElse(null);
            if (evaluation.isEmpty() || evaluation.get().outcome() != Outcome.ELIGIBLE) {
                queue.remove(0);
                settled.changes()
                        .add(new Change.Dequeue(key, false, "不再符合条件，退出排队 (no longer eligible: leaves the queue)"));
                continue;
            }
            BigDecimal need = need(evaluation.get(), live);
            if (need.signum() <= 0) {
                queue.remove(0);
                settled.changes()
                        .add(new Change.Dequeue(
                                key, false, "已核定金额无需增加，退出排队 (the amount granted already covers it: leaves the queue)"));
                continue;
            }
            if (!fits(account, granted[0], need)) {
                return;
            }
            queue.remove(0);
            granted[0] = granted[0].add(need);
            settled.changes().add(new Change.Dequeue(key, true, FROM_QUEUE));
            String name = request != null
                    ? request.enterpriseName()
                    : DecisionRound.latestName(facts).orElse(uscc);
            grant(settled, key, name, facts, evaluation.get(), live, FROM_QUEUE, stored);
        }
    }

    private void grant(
            Settled settled,
            DecisionKey key,
            String name,
            FactsSnapshot facts,
            Evaluation evaluation,
            LiveDecision live,
            String note,
            Map<DecisionKey, String> stored) {
        Evaluation explained = explain(evaluation, facts);
        if (live == null) {
            settled.changes().add(new Change.Grant(key, name, facts, explained, note));
        } else {
            settled.changes()
                    .add(new Change.Adjust(
                            key,
                            name,
                            facts,
                            explained,
                            live,
                            note == null ? DecisionRound.ADJUSTED : DecisionRound.ADJUSTED + "；" + note));
        }
        assess(settled, Assessment.of(key, evaluation, Standing.GRANTABLE, note), stored);
    }

    private Optional<Evaluation> reevaluate(DecisionKey key, FactsSnapshot facts) {
        Optional<Period> period = key.period().equals("ONCE")
                ? policies.latest(key.policyId()).flatMap(p -> p.oncePeriod(facts))
                : Optional.of(Period.parse(key.period()));
        return period.flatMap(
                p -> policies.inForce(key.policyId(), p).map(policy -> evaluator.evaluate(policy, facts, p, false)));
    }

    private Evaluation explain(Evaluation evaluation, FactsSnapshot facts) {
        return evaluator.evaluate(evaluation.policy(), facts, evaluation.period(), true);
    }

    private static BigDecimal need(Evaluation evaluation, LiveDecision live) {
        return live == null ? evaluation.amount() : evaluation.amount().subtract(live.amount());
    }

    private static boolean fits(Account account, BigDecimal granted, BigDecimal need) {
        return granted.add(need).compareTo(account.total()) <= 0;
    }

    private static String waitingNote(Request request, BigDecimal need) {
        String period = request.key().period();
        return request.live() == null
                ? "预算已用尽，按决定顺序排队等候 " + need.toPlainString() + " (budget of " + period
                        + " exhausted: waits in the queue for " + need.toPlainString() + ")"
                : "增加部分 " + need.toPlainString() + " 排队等候预算，现按 "
                        + request.live().amount().toPlainString() + " 执行 (the increase of "
                        + need.toPlainString() + " to "
                        + request.evaluation().amount().toPlainString() + " waits in the budget queue; "
                        + request.live().amount().toPlainString() + " stays granted meanwhile)";
    }

    private static void assess(Settled settled, Assessment assessment, Map<DecisionKey, String> stored) {
        if (assessment.differsFrom(stored)) {
            settled.assessments().add(assessment);
        }
    }
}
