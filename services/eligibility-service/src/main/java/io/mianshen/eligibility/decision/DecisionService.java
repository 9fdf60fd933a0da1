package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.facts.FactStore;
import io.mianshen.eligibility.policy.PolicyCatalog;
import io.mianshen.policy.Evaluation;
import io.mianshen.policy.ExclusiveGroups;
import io.mianshen.policy.FactGroup;
import io.mianshen.policy.Outcome;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.RatingFact;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Decides an enterprise's benefits after its facts changed: evaluates only the policies that read the
 * changed kind of fact (with the other members of their exclusive groups), for every period its facts
 * touch, with the policy version in force for each period; applies exclusive groups and budgets; and
 * turns each change of the live decision into a granted, adjusted or revoked event in the outbox, in
 * the caller's transaction.
 */
@Service
public class DecisionService {

    private final FactStore facts;
    private final PolicyCatalog catalog;
    private final DecisionLedger ledger;
    private final Budgets budgets;
    private final MeterRegistry metrics;
    private final Clock clock;

    DecisionService(FactStore facts, PolicyCatalog catalog, DecisionLedger ledger, Budgets budgets, MeterRegistry metrics, Clock clock) {
        this.facts = facts;
        this.catalog = catalog;
        this.ledger = ledger;
        this.budgets = budgets;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Re-decides {@code uscc} after a change to facts of the kinds {@code changed}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reconsider(String uscc, Collection<FactGroup> changed) {
        Set<String> policyIds = catalog.affectedBy(changed);
        if (policyIds.isEmpty()) {
            return;
        }
        // one enterprise is decided by one transaction at a time, across listener threads, instances and backfills
        facts.lockEnterprise(uscc);
        FactsSnapshot snapshot = facts.snapshot(uscc);
        Map<String, List<Evaluation>> byPeriod = new LinkedHashMap<>();
        for (String policyId : policyIds) {
            for (Period period : candidatePeriods(snapshot)) {
                catalog.inForce(policyId, period).ifPresent(policy -> byPeriod.computeIfAbsent(period.label(), p -> new ArrayList<>())
                        .add(evaluate(policy, snapshot, period)));
            }
            Policy latest = catalog.latest(policyId).orElseThrow();
            latest.oncePeriod(snapshot).flatMap(period -> catalog.inForce(policyId, period))
                    .ifPresent(policy -> byPeriod.computeIfAbsent("ONCE", p -> new ArrayList<>())
                            .add(evaluate(policy, snapshot, policy.oncePeriod(snapshot).orElseThrow())));
        }
        String name = facts.latestName(uscc).orElse(uscc);
        Map<String, String> stored = ledger.standings(uscc);
        for (List<Evaluation> evaluations : byPeriod.values()) {
            ExclusiveGroups.Resolution resolution = ExclusiveGroups.resolve(evaluations);
            Map<Evaluation, ExclusiveGroups.Superseded> superseded = resolution.superseded().stream()
                    .collect(Collectors.toMap(ExclusiveGroups.Superseded::evaluation, s -> s));
            for (Evaluation evaluation : evaluations) {
                ExclusiveGroups.Superseded lost = superseded.get(evaluation);
                settle(uscc, name, snapshot, evaluation, lost, stored);
            }
        }
    }

    /** Grants what waited for budget of {@code policyId} in {@code period}, in queue order, while it fits. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void drainQueue(String policyId, String periodLabel) {
        for (String uscc = budgets.head(policyId, periodLabel); uscc != null; uscc = budgets.head(policyId, periodLabel)) {
            FactsSnapshot snapshot = facts.snapshot(uscc);
            Optional<Evaluation> evaluation = reevaluate(policyId, periodLabel, snapshot);
            if (evaluation.isEmpty() || evaluation.get().outcome() != Outcome.ELIGIBLE) {
                budgets.dequeue(policyId, periodLabel, uscc);
                continue;
            }
            if (!budgets.reserve(evaluation.get().policy(), periodLabel, evaluation.get().amount())) {
                return;
            }
            budgets.dequeue(policyId, periodLabel, uscc);
            ledger.grant(uscc, facts.latestName(uscc).orElse(uscc), snapshot, evaluation.get(), now());
            ledger.recordStanding(uscc, snapshot, evaluation.get(), Standing.GRANTABLE, "granted from the budget queue");
        }
    }

    private void settle(String uscc, String name, FactsSnapshot snapshot, Evaluation evaluation, ExclusiveGroups.Superseded lost,
                        Map<String, String> stored) {
        Policy policy = evaluation.policy();
        String period = evaluation.period().label();
        Optional<LiveDecision> live = ledger.live(uscc, policy.id(), period);
        Instant now = now();
        Standing standing;
        String note = null;
        switch (evaluation.outcome()) {
            case UNDETERMINED -> standing = Standing.UNDETERMINED;
            case INELIGIBLE -> {
                standing = Standing.INELIGIBLE;
                note = "不再符合条件：" + evaluation.explanation().clauses().stream()
                        .filter(c -> c.status() == io.mianshen.policy.Explanation.ClauseStatus.FAILS)
                        .map(io.mianshen.policy.Explanation.Clause::reasonZh).collect(Collectors.joining("；"))
                        + " (no longer eligible: " + String.join(", ", evaluation.failingClauses()) + ")";
            }
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
            if (live.isEmpty()) {
                if (policy.budgetPerPeriod().isEmpty() || budgets.reserve(policy, period, evaluation.amount())) {
                    ledger.grant(uscc, name, snapshot, evaluation, now);
                } else {
                    budgets.enqueue(policy.id(), period, uscc);
                    standing = Standing.QUEUED;
                    note = "budget of " + period + " exhausted; queued in decision order";
                }
            } else if (live.get().amount().compareTo(evaluation.amount()) != 0) {
                BigDecimal delta = evaluation.amount().subtract(live.get().amount());
                if (policy.budgetPerPeriod().isEmpty() || budgets.reserve(policy, period, delta)) {
                    ledger.adjust(uscc, name, snapshot, evaluation, live.get(), "事实变更，金额重新核定 (facts changed: amount recalculated)", now);
                } else {
                    note = "adjustment to " + evaluation.amount() + " waits for budget";
                }
            }
        } else if (standing == Standing.INELIGIBLE || standing == Standing.SUPERSEDED) {
            budgets.dequeue(policy.id(), period, uscc);
            if (live.isPresent()) {
                BigDecimal recover = policy.recovery() == Policy.Recovery.FULL_AMOUNT ? live.get().amount() : BigDecimal.ZERO.setScale(2);
                ledger.revoke(uscc, snapshot, policy, period, live.get(), note, recover, evaluation, now);
                if (policy.budgetPerPeriod().isPresent()) {
                    budgets.release(policy.id(), period, live.get().amount());
                    drainQueue(policy.id(), period);
                }
            }
        }
        // an unchanged evaluation is not written again: most facts leave most (policy, period) pairs as they were
        if (!DecisionLedger.fingerprint(evaluation, standing, note).equals(stored.get(policy.id() + " " + period))) {
            ledger.recordStanding(uscc, snapshot, evaluation, standing, note);
        }
    }

    private Optional<Evaluation> reevaluate(String policyId, String periodLabel, FactsSnapshot snapshot) {
        Optional<Period> period = periodLabel.equals("ONCE")
                ? catalog.latest(policyId).flatMap(p -> p.oncePeriod(snapshot))
                : Optional.of(Period.parse(periodLabel));
        return period.flatMap(p -> catalog.inForce(policyId, p).map(policy -> evaluate(policy, snapshot, p)));
    }

    private Evaluation evaluate(Policy policy, FactsSnapshot snapshot, Period period) {
        Timer.Sample sample = Timer.start(metrics);
        Evaluation evaluation = PolicyEngine.evaluate(policy, snapshot, period, true);
        sample.stop(metrics.timer("mianshen.evaluation", "policy", policy.id()));
        metrics.counter("mianshen.evaluations", "policy", policy.id(), "outcome", evaluation.outcome().name()).increment();
        return evaluation;
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

    private Instant now() {
        return clock.instant();
    }
}
