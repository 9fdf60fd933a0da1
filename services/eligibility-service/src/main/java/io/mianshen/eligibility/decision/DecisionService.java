package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.decision.round.Assessment;
import io.mianshen.eligibility.decision.round.BudgetSettlement;
import io.mianshen.eligibility.decision.round.Change;
import io.mianshen.eligibility.decision.round.DecisionKey;
import io.mianshen.eligibility.decision.round.DecisionRound;
import io.mianshen.eligibility.decision.round.Evaluator;
import io.mianshen.eligibility.decision.round.LiveDecision;
import io.mianshen.eligibility.decision.round.PolicyBook;
import io.mianshen.eligibility.decision.round.RulingOverride;
import io.mianshen.eligibility.facts.FactStore;
import io.mianshen.eligibility.policy.PolicyCatalog;
import io.mianshen.policy.Evaluation;
import io.mianshen.policy.FactGroup;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides enterprises' benefits after their facts changed, a round at a time: locks the enterprises, reads their
 * facts, live decisions and stored assessments with one query per table, lets {@link DecisionRound} decide (the
 * rules are there, in plain Java), settles budgeted changes with {@link BudgetSettlement} against each budget it
 * touches (locked only for the end of the transaction), and writes the changes with one batched statement per table:
 * each granted, adjusted or revoked decision, and each entry to or exit from a budget queue, as an event in the
 * outbox, in the caller's transaction.
 */
@Service
public class DecisionService {

    private final FactStore facts;
    private final PolicyCatalog catalog;
    private final DecisionLedger ledger;
    private final Budgets budgets;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final DecisionRound round;
    private final BudgetSettlement settlement;
    private final Map<String, Timer> evaluationTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> evaluationCounters = new ConcurrentHashMap<>();
    private final Timer reading;
    private final Timer deciding;
    private final Timer writing;

    DecisionService(
            FactStore facts,
            PolicyCatalog catalog,
            DecisionLedger ledger,
            Budgets budgets,
            MeterRegistry metrics,
            Clock clock) {
        this.facts = facts;
        this.catalog = catalog;
        this.ledger = ledger;
        this.budgets = budgets;
        this.metrics = metrics;
        this.clock = clock;
        PolicyBook policies = new PolicyBook() {
            @Override
            public Optional<Policy> inForce(String policyId, Period period) {
                return catalog.inForce(policyId, period);
            }

            @Override
            public Optional<Policy> latest(String policyId) {
                return catalog.latest(policyId);
            }
        };
        Evaluator measured = this::evaluate;
        this.round = new DecisionRound(policies, measured);
        this.settlement = new BudgetSettlement(policies, measured);
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
        return Timer.builder("mianshen.decision.round.phase")
                .tag("phase", phase)
                .description("time spent on each phase of a round of decisions")
                .register(metrics);
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
        return decide(work);
    }

    /**
     * Re-decides {@code policyId} for {@code uscc}: after a reviewer's ruling on one of its grants, whose correction
     * ({@link DecisionLedger#overrides}) the round then applies.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reconsider(String uscc, String policyId) {
        SortedMap<String, Set<String>> work = new TreeMap<>();
        work.put(uscc, Set.of(policyId));
        decide(work);
    }

    /**
     * What a ruling on {@code uscc}'s grant of {@code policyId} for {@code period} is final for: the policy's evaluation of
     * its facts now ({@link Assessment#factState}); empty when the policy does not decide that period for it now.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> factState(String uscc, String policyId, String period) {
        FactsSnapshot snapshot = facts.snapshot(uscc);
        Optional<Period> evaluated = period.equals("ONCE")
                ? catalog.latest(policyId).flatMap(latest -> latest.oncePeriod(snapshot))
                : Optional.of(Period.parse(period));
        return evaluated.flatMap(p -> catalog.inForce(policyId, p)
                .flatMap(policy -> (period.equals("ONCE") ? policy.oncePeriod(snapshot) : Optional.of(p))
                        .map(own -> Assessment.factState(PolicyEngine.evaluate(policy, snapshot, own, false)))));
    }

    private int decide(SortedMap<String, Set<String>> work) {
        if (work.isEmpty()) {
            return 0;
        }
        // one enterprise is decided by one transaction at a time, across decider threads, instances and backfills
        long start = System.nanoTime();
        facts.lockEnterprises(work.keySet());
        Map<String, FactsSnapshot> snapshots = facts.snapshots(work.keySet());
        Map<DecisionKey, String> stored = ledger.standings(work.keySet());
        Map<DecisionKey, LiveDecision> live = ledger.live(work.keySet());
        Map<DecisionKey, RulingOverride> overrides = ledger.overrides(work.keySet());
        start = lap(reading, start);
        DecisionRound.Decided decided = round.decide(new DecisionRound.Input(work, snapshots, live, stored, overrides));
        DecisionLedger.Writes writes = ledger.writes(clock.instant());
        apply(decided.changes(), decided.assessments(), writes);
        settleBudgets(decided.budget(), stored, writes);
        start = lap(deciding, start);
        ledger.write(writes);
        lap(writing, start);
        return work.size();
    }

    private static long lap(Timer timer, long since) {
        long now = System.nanoTime();
        timer.record(now - since, TimeUnit.NANOSECONDS);
        return now;
    }

    /**
     * Settles the round's budgeted requests, one budget at a time in a fixed order. A budget is locked only when
     * its requests grant, give back or concern an enterprise waiting in its queue.
     */
    private void settleBudgets(
            List<BudgetSettlement.Request> requests, Map<DecisionKey, String> stored, DecisionLedger.Writes writes) {
        Map<DecisionKey.BudgetAccountKey, List<BudgetSettlement.Request>> byAccount = new TreeMap<>();
        requests.forEach(request -> byAccount
                .computeIfAbsent(request.key().account(), a -> new ArrayList<>())
                .add(request));
        byAccount.forEach((key, ofAccount) -> {
            Set<String> waiting = budgets.waitingAmong(
                    key, ofAccount.stream().map(r -> r.key().uscc()).collect(Collectors.toSet()));
            BudgetSettlement.Settled settled;
            if (BudgetSettlement.needsAccount(ofAccount, waiting)) {
                Policy policy = ofAccount.stream()
                        .map(BudgetSettlement.Request::evaluation)
                        .filter(java.util.Objects::nonNull)
                        .map(Evaluation::policy)
                        .findFirst()
                        .or(() -> catalog.latest(key.policyId()))
                        .orElseThrow();
                BudgetSettlement.Account account =
                        budgets.open(key, policy.budgetPerPeriod().orElseThrow());
                settled = settlement.settle(account, ofAccount, stored, new BudgetSettlement.Waiting() {
                    @Override
                    public FactsSnapshot facts(String uscc) {
                        return facts.snapshot(uscc);
                    }

                    @Override
                    public Optional<LiveDecision> live(DecisionKey decision) {
                        return Optional.ofNullable(
                                ledger.live(List.of(decision.uscc())).get(decision));
                    }
                });
                budgets.save(key, settled.granted());
            } else {
                settled = settlement.settleWithoutAccount(ofAccount, stored);
            }
            apply(settled.changes(), settled.assessments(), writes);
        });
    }

    /** Turns the typed changes into rows, queue entries and outbox events. */
    private void apply(List<Change> changes, List<Assessment> assessments, DecisionLedger.Writes writes) {
        for (Change change : changes) {
            if (change instanceof Change.Grant grant) {
                writes.grant(grant.key().uscc(), grant.enterpriseName(), grant.facts(), grant.explained());
            } else if (change instanceof Change.Adjust adjust) {
                writes.adjust(
                        adjust.key().uscc(),
                        adjust.enterpriseName(),
                        adjust.facts(),
                        adjust.explained(),
                        adjust.previous(),
                        adjust.reason(),
                        adjust.rulingId());
            } else if (change instanceof Change.Revoke revoke) {
                writes.revoke(
                        revoke.key().uscc(),
                        revoke.facts(),
                        revoke.policy(),
                        revoke.key().period(),
                        revoke.revoked(),
                        revoke.reason(),
                        revoke.recoverAmount(),
                        revoke.basedOn(),
                        revoke.rulingId());
            } else if (change instanceof Change.Queue queue) {
                UUID id = UUID.randomUUID();
                long ticket = budgets.enqueue(queue.key(), id);
                writes.queued(
                        id,
                        queue.key(),
                        queue.enterpriseName(),
                        queue.explained(),
                        queue.live(),
                        queue.waitingFor(),
                        ticket,
                        queue.position(),
                        queue.reason());
            } else if (change instanceof Change.Dequeue dequeue) {
                budgets.dequeue(dequeue.key())
                        .ifPresent(
                                entry -> writes.queueLeft(dequeue.key(), entry, dequeue.granted(), dequeue.reason()));
            }
        }
        assessments.forEach(writes::assessment);
    }

    /** Evaluates, timed and counted per policy; explanations only for decision events. */
    private io.mianshen.policy.Evaluation evaluate(
            Policy policy, FactsSnapshot snapshot, Period period, boolean explain) {
        long start = System.nanoTime();
        Evaluation evaluation = PolicyEngine.evaluate(policy, snapshot, period, explain);
        if (!explain) {
            evaluationTimers
                    .computeIfAbsent(policy.id(), id -> metrics.timer("mianshen.evaluation", "policy", id))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            evaluationCounters
                    .computeIfAbsent(
                            policy.id() + " " + evaluation.outcome(),
                            key -> metrics.counter(
                                    "mianshen.evaluations",
                                    "policy",
                                    policy.id(),
                                    "outcome",
                                    evaluation.outcome().name()))
                    .increment();
        }
        return evaluation;
    }
}
