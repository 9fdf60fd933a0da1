package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.facts.FactStore;
import io.mianshen.eligibility.policy.PolicyCatalog;
import io.mianshen.policy.Evaluation;
import io.mianshen.policy.ExclusiveGroups;
import io.mianshen.policy.Explanation;
import io.mianshen.policy.FactGroup;
import io.mianshen.policy.Outcome;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.RatingFact;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Decides enterprises' benefits after their facts changed, a round at a time: evaluates only the
 * policies that read the changed kinds of fact (with the other members of their exclusive groups), for
 * every period the facts touch, with the policy version in force for each period; applies exclusive
 * groups and budgets; and turns each change of a live decision into a granted, adjusted or revoked event
 * in the outbox, in the caller's transaction.
 * <p>
 * A round reads everything it needs with one query per table for all its enterprises, evaluates without
 * explanations (an explanation is built only for a decision event), and writes with one batched
 * statement per table. Budgets are settled last, so that a budget row stays locked only for the end of
 * the transaction.
 */
@Service
public class DecisionService {

    static final String ADJUSTED = "事实变更，金额重新核定 (facts changed: amount recalculated)";

    private final FactStore facts;
    private final PolicyCatalog catalog;
    private final DecisionLedger ledger;
    private final Budgets budgets;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<String, Timer> evaluationTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> evaluationCounters = new ConcurrentHashMap<>();
    private final Timer reading;
    private final Timer deciding;
    private final Timer writing;

    DecisionService(FactStore facts, PolicyCatalog catalog, DecisionLedger ledger, Budgets budgets, MeterRegistry metrics, Clock clock) {
        this.facts = facts;
        this.catalog = catalog;
        this.ledger = ledger;
        this.budgets = budgets;
        this.metrics = metrics;
        this.clock = clock;
        this.reading = roundTimer(metrics, "read");
        this.deciding = roundTimer(metrics, "decide");
        this.writing = roundTimer(metrics, "write");
    }

    /**
     * The time rounds of decisions spend in one phase: {@code read} (enterprises locked, their facts,
     * evaluations and live decisions read), {@code decide} (evaluations, explanations, decision events
     * built, budgets settled) and {@code write} (decisions, evaluations and outbox written).
     */
    private static Timer roundTimer(MeterRegistry metrics, String phase) {
        return Timer.builder("mianshen.decision.round.phase").tag("phase", phase)
                .description("time spent on each phase of a round of decisions").register(metrics);
    }

    /** Re-decides {@code uscc} after a change to facts of the kinds {@code changed}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reconsider(String uscc, Collection<FactGroup> changed) {
        reconsider(Map.of(uscc, changed));
    }

    /**
     * Re-decides each enterprise of {@code changed} after a change to facts of the kinds it maps to.
     *
     * @return how many enterprises had a policy to re-evaluate
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int reconsider(Map<String, ? extends Collection<FactGroup>> changed) {
        SortedMap<String, Set<String>> work = new TreeMap<>();
        changed.forEach((uscc, groups) -> {
            Set<String> policyIds = catalog.affectedBy(groups);
            if (!policyIds.isEmpty()) {
                work.put(uscc, policyIds);
            }
        });
        if (work.isEmpty()) {
            return 0;
        }
        // one enterprise is decided by one transaction at a time, across decider threads, instances and backfills
        long start = System.nanoTime();
        facts.lockEnterprises(work.keySet());
        Map<String, FactsSnapshot> snapshots = facts.snapshots(work.keySet());
        Round round = new Round(ledger.writes(clock.instant()), ledger.standings(work.keySet()), ledger.live(work.keySet()), new ArrayList<>());
        start = lap(reading, start);
        work.forEach((uscc, policyIds) -> decide(uscc, policyIds, snapshots.get(uscc), round));
        settleBudgets(round);
        start = lap(deciding, start);
        ledger.write(round.writes());
        lap(writing, start);
        return work.size();
    }

    private static long lap(Timer timer, long since) {
        long now = System.nanoTime();
        timer.record(now - since, TimeUnit.NANOSECONDS);
        return now;
    }

    /** What a round has read and what it will write. */
    private record Round(DecisionLedger.Writes writes, Map<String, String> stored, Map<String, LiveDecision> live,
                         List<BudgetChange> budgetChanges) {
    }

    /**
     * A change to a budgeted policy, settled at the end of the round.
     *
     * @param kind       what it asks of the budget
     * @param evaluation the evaluation behind it (without an explanation)
     * @param live       the live decision, if any
     */
    private record BudgetChange(Kind kind, String uscc, String name, FactsSnapshot snapshot, Evaluation evaluation, LiveDecision live) {
        enum Kind { GRANT_OR_ADJUST, RELEASE, LEAVE_QUEUE }

        String account() {
            return evaluation.policy().id() + " " + evaluation.period().label();
        }
    }

    private void decide(String uscc, Set<String> policyIds, FactsSnapshot snapshot, Round round) {
        Set<Period> periods = candidatePeriods(snapshot);
        Map<String, List<Evaluation>> byPeriod = new LinkedHashMap<>();
        for (String policyId : policyIds) {
            for (Period period : periods) {
                catalog.inForce(policyId, period).ifPresent(policy -> byPeriod.computeIfAbsent(period.label(), p -> new ArrayList<>())
                        .add(evaluate(policy, snapshot, period)));
            }
            Policy latest = catalog.latest(policyId).orElseThrow();
            latest.oncePeriod(snapshot).ifPresent(period -> catalog.inForce(policyId, period)
                    .ifPresent(policy -> policy.oncePeriod(snapshot).ifPresent(own -> byPeriod.computeIfAbsent("ONCE", p -> new ArrayList<>())
                            .add(evaluate(policy, snapshot, own)))));
        }
        String name = FactStore.latestName(snapshot).orElse(uscc);
        for (List<Evaluation> evaluations : byPeriod.values()) {
            ExclusiveGroups.Resolution resolution = ExclusiveGroups.resolve(evaluations);
            Map<Evaluation, ExclusiveGroups.Superseded> superseded = resolution.superseded().stream()
                    .collect(Collectors.toMap(ExclusiveGroups.Superseded::evaluation, s -> s));
            for (Evaluation evaluation : evaluations) {
                settle(uscc, name, snapshot, evaluation, superseded.get(evaluation), round);
            }
        }
    }

    private void settle(String uscc, String name, FactsSnapshot snapshot, Evaluation evaluation, ExclusiveGroups.Superseded lost, Round round) {
        Policy policy = evaluation.policy();
        String period = evaluation.period().label();
        LiveDecision live = round.live().get(DecisionLedger.key(uscc, policy.id(), period));
        boolean budgeted = policy.budgetPerPeriod().isPresent();
        Standing standing;
        String note = null;
        switch (evaluation.outcome()) {
            case UNDETERMINED -> standing = Standing.UNDETERMINED;
            case INELIGIBLE -> standing = Standing.INELIGIBLE;
            default -> {
                if (lost != null) {
                    standing = Standing.SUPERSEDED;
                    note = lost.reasonZh() + " (" + lost.reasonEn() + ")";
                } else {
                    standing = Standing.GRANTABLE;
                }
            }
        }
        if (standing == Standing.GRANTABLE) {
            boolean changes = live == null || live.amount().compareTo(evaluation.amount()) != 0;
            if (changes && budgeted) {
                // its standing is recorded once the budget has answered
                round.budgetChanges().add(new BudgetChange(BudgetChange.Kind.GRANT_OR_ADJUST, uscc, name, snapshot, evaluation, live));
                return;
            }
            if (live == null) {
                round.writes().grant(uscc, name, snapshot, explain(evaluation, snapshot));
            } else if (changes) {
                round.writes().adjust(uscc, name, snapshot, explain(evaluation, snapshot), live, ADJUSTED);
            }
        } else if (standing == Standing.INELIGIBLE || standing == Standing.SUPERSEDED) {
            if (budgeted) {
                round.budgetChanges().add(new BudgetChange(BudgetChange.Kind.LEAVE_QUEUE, uscc, name, snapshot, evaluation, null));
            }
            if (live != null) {
                Evaluation explained = explain(evaluation, snapshot);
                String reason = standing == Standing.INELIGIBLE ? noLongerEligible(explained) : note;
                BigDecimal recover = policy.recovery() == Policy.Recovery.FULL_AMOUNT ? live.amount() : BigDecimal.ZERO.setScale(2);
                round.writes().revoke(uscc, snapshot, policy, period, live, reason, recover, explained);
                if (budgeted) {
                    round.budgetChanges().add(new BudgetChange(BudgetChange.Kind.RELEASE, uscc, name, snapshot, evaluation, live));
                }
            }
        }
        record(uscc, evaluation, standing, note, round);
    }

    /**
     * Settles the round's budgeted changes, one budget at a time in a fixed order: releases first, then
     * new grants and adjustments in order while they fit (behind anyone already waiting), then the queue
     * while it fits.
     */
    private void settleBudgets(Round round) {
        Map<String, List<BudgetChange>> byAccount = new TreeMap<>();
        round.budgetChanges().forEach(change -> byAccount.computeIfAbsent(change.account(), a -> new ArrayList<>()).add(change));
        for (List<BudgetChange> changes : byAccount.values()) {
            Policy policy = changes.get(0).evaluation().policy();
            String period = changes.get(0).evaluation().period().label();
            List<String> leaving = changes.stream().filter(c -> c.kind() == BudgetChange.Kind.LEAVE_QUEUE).map(BudgetChange::uscc).toList();
            if (!leaving.isEmpty()) {
                budgets.dequeue(policy.id(), period, leaving);
            }
            if (leaving.size() == changes.size()) {
                continue;
            }
            Budgets.Account account = budgets.open(policy, period);
            changes.stream().filter(c -> c.kind() == BudgetChange.Kind.RELEASE).forEach(c -> account.release(c.live().amount()));
            boolean waiting = budgets.hasQueue(policy.id(), period);
            for (BudgetChange change : changes) {
                if (change.kind() != BudgetChange.Kind.GRANT_OR_ADJUST) {
                    continue;
                }
                Evaluation evaluation = change.evaluation();
                if (change.live() == null) {
                    if (!waiting && account.reserve(evaluation.amount())) {
                        round.writes().grant(change.uscc(), change.name(), change.snapshot(), explain(evaluation, change.snapshot()));
                        record(change.uscc(), evaluation, Standing.GRANTABLE, null, round);
                    } else {
                        budgets.enqueue(policy.id(), period, change.uscc());
                        waiting = true;
                        record(change.uscc(), evaluation, Standing.QUEUED, "budget of " + period + " exhausted; queued in decision order", round);
                    }
                } else if (account.reserve(evaluation.amount().subtract(change.live().amount()))) {
                    round.writes().adjust(change.uscc(), change.name(), change.snapshot(), explain(evaluation, change.snapshot()), change.live(),
                            ADJUSTED);
                    record(change.uscc(), evaluation, Standing.GRANTABLE, null, round);
                } else {
                    record(change.uscc(), evaluation, Standing.GRANTABLE, "adjustment to " + evaluation.amount() + " waits for budget", round);
                }
            }
            drainQueue(account, round);
            budgets.save(account);
        }
    }

    /**
     * Grants what waited for the budget of {@code account}, in queue order, while it fits. A queued
     * enterprise is not locked here: if another transaction decides it at the same moment, the unique
     * live decision per (enterprise, policy, period) fails one of the two, which is then retried.
     */
    private void drainQueue(Budgets.Account account, Round round) {
        String policyId = account.policyId();
        String period = account.period();
        for (String uscc = budgets.head(policyId, period); uscc != null; uscc = budgets.head(policyId, period)) {
            FactsSnapshot snapshot = facts.snapshot(uscc);
            Optional<Evaluation> evaluation = reevaluate(policyId, period, snapshot);
            if (evaluation.isEmpty() || evaluation.get().outcome() != Outcome.ELIGIBLE) {
                budgets.dequeue(policyId, period, List.of(uscc));
                continue;
            }
            if (!account.reserve(evaluation.get().amount())) {
                return;
            }
            budgets.dequeue(policyId, period, List.of(uscc));
            round.writes().grant(uscc, FactStore.latestName(snapshot).orElse(uscc), snapshot, explain(evaluation.get(), snapshot));
            record(uscc, evaluation.get(), Standing.GRANTABLE, "granted from the budget queue", round);
        }
    }

    /** Stores the evaluation unless it leaves its (enterprise, policy, period) exactly as stored. */
    private static void record(String uscc, Evaluation evaluation, Standing standing, String note, Round round) {
        String fingerprint = DecisionLedger.fingerprint(evaluation, standing, note);
        if (!fingerprint.equals(round.stored().get(DecisionLedger.key(uscc, evaluation.policy().id(), evaluation.period().label())))) {
            round.writes().standing(uscc, evaluation, standing, note, fingerprint);
        }
    }

    private static String noLongerEligible(Evaluation explained) {
        return "不再符合条件：" + explained.explanation().clauses().stream()
                .filter(c -> c.status() == Explanation.ClauseStatus.FAILS)
                .map(Explanation.Clause::reasonZh).collect(Collectors.joining("；"))
                + " (no longer eligible: " + String.join(", ", explained.failingClauses()) + ")";
    }

    private Optional<Evaluation> reevaluate(String policyId, String periodLabel, FactsSnapshot snapshot) {
        Optional<Period> period = periodLabel.equals("ONCE")
                ? catalog.latest(policyId).flatMap(p -> p.oncePeriod(snapshot))
                : Optional.of(Period.parse(periodLabel));
        return period.flatMap(p -> catalog.inForce(policyId, p).map(policy -> evaluate(policy, snapshot, p)));
    }

    /** Evaluates without an explanation: most evaluations change nothing and are never shown. */
    private Evaluation evaluate(Policy policy, FactsSnapshot snapshot, Period period) {
        long start = System.nanoTime();
        Evaluation evaluation = PolicyEngine.evaluate(policy, snapshot, period, false);
        evaluationTimers.computeIfAbsent(policy.id(), id -> metrics.timer("mianshen.evaluation", "policy", id))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        evaluationCounters.computeIfAbsent(policy.id() + " " + evaluation.outcome(),
                key -> metrics.counter("mianshen.evaluations", "policy", policy.id(), "outcome", evaluation.outcome().name())).increment();
        return evaluation;
    }

    /** The same evaluation with its explanation, for a decision event. */
    private static Evaluation explain(Evaluation evaluation, FactsSnapshot snapshot) {
        return PolicyEngine.evaluate(evaluation.policy(), snapshot, evaluation.period(), true);
    }

    /**
     * The years the enterprise's facts touch: its filings' years and the years after them (whose
     * previous-year comparisons they feed), its certificates' years, and its ratings' years.
     */
    static Set<Period> candidatePeriods(FactsSnapshot snapshot) {
        Set<Integer> years = new TreeSet<>();
        for (FilingFact filing : snapshot.filings()) {
            years.add(filing.fiscalYear());
            years.add(filing.fiscalYear() + 1);
        }
        for (CertificateFact certificate : snapshot.certificates()) {
            for (int year = certificate.issuedOn().getYear(); year <= certificate.validUntil().getYear(); year++) {
                years.add(year);
            }
        }
        for (RatingFact rating : snapshot.ratings()) {
            years.add(rating.year());
        }
        Set<Period> periods = new java.util.LinkedHashSet<>();
        for (int year : years) {
            if (year >= 2000 && year <= 2100) {
                periods.add(Period.fiscalYear(year));
                periods.add(Period.calendarYear(year));
            }
        }
        return periods;
    }
}
