package io.mianshen.eligibility.decision.round;

import io.mianshen.policy.Evaluation;
import io.mianshen.policy.ExclusiveGroups;
import io.mianshen.policy.Explanation;
import io.mianshen.policy.Policy;
import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.ProfileFact;
import io.mianshen.policy.facts.RatingFact;
import io.mianshen.policy.facts.SourceRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The rules of one round of decisions, as plain Java. For each enterprise and each policy that reads the facts that
 * changed, it evaluates every period the enterprise's facts touch now <em>and</em> every period it had an evaluation
 * or a live decision in before (so that a period the facts no longer touch is decided again, not forgotten), with
 * the policy version in force for each period; applies exclusive groups (就高不重复); and returns what changes:
 * grants, adjustments and revocations for policies without a budget, requests to the budget for those with one
 * (settled afterwards by {@link BudgetSettlement}), and what is left as it is. A live decision whose
 * (policy, period) the policy no longer decides is revoked with the policy's recovery: for instance a
 * {@code sme-to-hnte-reward} granted on a renewal before the first certificate arrived, which moves the reward's
 * trigger before the policy's date.
 */
public final class DecisionRound {

    /** The reason of an adjustment after a change of facts. */
    public static final String ADJUSTED = "事实变更，金额重新核定 (facts changed: amount recalculated)";

    private static final Comparator<Period> PERIOD_ORDER =
            Comparator.comparing(Period::kind).thenComparingInt(Period::year);

    private final PolicyBook policies;
    private final Evaluator evaluator;

    public DecisionRound(PolicyBook policies, Evaluator evaluator) {
        this.policies = policies;
        this.evaluator = evaluator;
    }

    /**
     * What a round reads.
     *
     * @param work   each enterprise to decide, with the policies to re-evaluate (those that read the facts that changed)
     * @param facts  each enterprise's facts
     * @param live   the live decisions of the enterprises
     * @param stored    the fingerprints of their stored assessments ({@link Assessment#fingerprint})
     * @param overrides the corrections of upheld rulings in force for their keys
     */
    public record Input(
            SortedMap<String, Set<String>> work,
            Map<String, FactsSnapshot> facts,
            Map<DecisionKey, LiveDecision> live,
            Map<DecisionKey, String> stored,
            Map<DecisionKey, RulingOverride> overrides) {

        /** A round without rulings. */
        public Input(
                SortedMap<String, Set<String>> work,
                Map<String, FactsSnapshot> facts,
                Map<DecisionKey, LiveDecision> live,
                Map<DecisionKey, String> stored) {
            this(work, facts, live, stored, Map.of());
        }
    }

    /**
     * What a round decides before budgets are settled.
     *
     * @param changes     the changes of policies without a budget, and what is left as it is
     * @param assessments the assessments that differ from those stored
     * @param budget      the requests of budgeted policies, in decision order
     */
    public record Decided(List<Change> changes, List<Assessment> assessments, List<BudgetSettlement.Request> budget) {}

    /** Decides the round. */
    public Decided decide(Input input) {
        Decided decided = new Decided(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Map<String, Set<DecisionKey>> earlier = new HashMap<>();
        input.live()
                .keySet()
                .forEach(key -> earlier.computeIfAbsent(key.uscc(), u -> new HashSet<>())
                        .add(key));
        input.stored()
                .keySet()
                .forEach(key -> earlier.computeIfAbsent(key.uscc(), u -> new HashSet<>())
                        .add(key));
        input.work()
                .forEach((uscc, policyIds) -> new Enterprise(uscc, input.facts().get(uscc), input, decided)
                        .decide(policyIds, earlier.getOrDefault(uscc, Set.of())));
        return decided;
    }

    /** One enterprise's part of the round. */
    private final class Enterprise {

        private final String uscc;
        private final FactsSnapshot facts;
        private final Input input;
        private final Decided decided;
        private final String name;

        Enterprise(String uscc, FactsSnapshot facts, Input input, Decided decided) {
            this.uscc = uscc;
            this.facts = facts;
            this.input = input;
            this.decided = decided;
            this.name = latestName(facts).orElse(uscc);
        }

        void decide(Set<String> policyIds, Set<DecisionKey> earlierKeys) {
            Set<Period> touched = candidatePeriods(facts);
            Map<String, List<Evaluation>> byPeriod = new LinkedHashMap<>();
            Set<DecisionKey> evaluated = new HashSet<>();
            for (String policyId : policyIds) {
                Set<Period> periods = new TreeSet<>(PERIOD_ORDER);
                periods.addAll(touched);
                earlierKeys.stream()
                        .filter(key ->
                                key.policyId().equals(policyId) && !key.period().equals("ONCE"))
                        .forEach(key -> periods.add(Period.parse(key.period())));
                for (Period period : periods) {
                    policies.inForce(policyId, period).ifPresent(policy -> {
                        byPeriod.computeIfAbsent(period.label(), p -> new ArrayList<>())
                                .add(evaluator.evaluate(policy, facts, period, false));
                        evaluated.add(new DecisionKey(uscc, policyId, period.label()));
                    });
                }
                policies.latest(policyId)
                        .flatMap(latest -> latest.oncePeriod(facts))
                        .flatMap(period -> policies.inForce(policyId, period))
                        .ifPresent(policy -> policy.oncePeriod(facts).ifPresent(own -> {
                            byPeriod.computeIfAbsent("ONCE", p -> new ArrayList<>())
                                    .add(evaluator.evaluate(policy, facts, own, false));
                            evaluated.add(new DecisionKey(uscc, policyId, "ONCE"));
                        }));
            }
            for (List<Evaluation> evaluations : byPeriod.values()) {
                Map<Evaluation, ExclusiveGroups.Superseded> superseded =
                        ExclusiveGroups.resolve(evaluations).superseded().stream()
                                .collect(Collectors.toMap(ExclusiveGroups.Superseded::evaluation, s -> s));
                for (Evaluation evaluation : evaluations) {
                    settle(evaluation, superseded.get(evaluation));
                }
            }
            earlierKeys.stream()
                    .filter(key -> policyIds.contains(key.policyId()) && !evaluated.contains(key))
                    .sorted(Comparator.comparing(DecisionKey::policyId).thenComparing(DecisionKey::period))
                    .forEach(this::outOfForce);
        }

        private void settle(Evaluation evaluation, ExclusiveGroups.Superseded lost) {
            Policy policy = evaluation.policy();
            DecisionKey key =
                    new DecisionKey(uscc, policy.id(), evaluation.period().label());
            LiveDecision live = input.live().get(key);
            boolean budgeted = policy.budgetPerPeriod().isPresent();
            RulingOverride override = input.overrides().get(key);
            String afterRuling = null;
            if (override != null && evaluation.outcome() != io.mianshen.policy.Outcome.UNDETERMINED) {
                if (override.factState().equals(Assessment.factState(evaluation))) {
                    overruled(key, evaluation, live, budgeted, override);
                    return;
                }
                afterRuling = override.factsChanged();
            }
            switch (evaluation.outcome()) {
                case UNDETERMINED -> {
                    decided.changes().add(new Change.Leave(key, Standing.UNDETERMINED));
                    assess(Assessment.of(key, evaluation, Standing.UNDETERMINED, null));
                }
                case INELIGIBLE -> end(key, evaluation, live, budgeted, Standing.INELIGIBLE, afterRuling, null);
                default -> {
                    if (lost != null) {
                        end(
                                key,
                                evaluation,
                                live,
                                budgeted,
                                Standing.SUPERSEDED,
                                lost.reasonZh() + " (" + lost.reasonEn() + ")",
                                null);
                        return;
                    }
                    boolean changes = live == null || live.amount().compareTo(evaluation.amount()) != 0;
                    if (budgeted) {
                        // the budget answers for a grant or a new amount, and takes an unchanged one out of the queue
                        decided.budget()
                                .add(new BudgetSettlement.Request(
                                        changes
                                                ? BudgetSettlement.Request.Kind.GRANT_OR_ADJUST
                                                : BudgetSettlement.Request.Kind.SETTLED,
                                        key,
                                        name,
                                        facts,
                                        evaluation,
                                        live));
                        return;
                    }
                    if (live == null) {
                        decided.changes().add(new Change.Grant(key, name, facts, explain(evaluation), null));
                    } else if (changes) {
                        decided.changes()
                                .add(new Change.Adjust(
                                        key,
                                        name,
                                        facts,
                                        explain(evaluation),
                                        live,
                                        afterRuling == null ? ADJUSTED : ADJUSTED + "；" + afterRuling));
                    } else {
                        decided.changes().add(new Change.Leave(key, Standing.GRANTABLE));
                    }
                    assess(Assessment.of(key, evaluation, Standing.GRANTABLE, afterRuling));
                }
            }
        }

        /**
         * The correction of an upheld ruling, on the facts it was made on: a revoked grant stays revoked, an adjusted one
         * keeps its amount; a live grant that differs (the round that applies the ruling) is revoked or adjusted, with the
         * ruling as the reason, and its budget gets back what it no longer pays.
         */
        private void overruled(
                DecisionKey key, Evaluation evaluation, LiveDecision live, boolean budgeted, RulingOverride override) {
            if (override.correction() == RulingOverride.Correction.REVOKE) {
                end(key, evaluation, live, budgeted, Standing.OVERRULED, override.reason(), override.rulingId());
                return;
            }
            if (budgeted) {
                decided.budget()
                        .add(new BudgetSettlement.Request(
                                BudgetSettlement.Request.Kind.LEAVE, key, name, facts, evaluation, null));
            }
            if (live != null && live.amount().compareTo(override.amount()) > 0) {
                Evaluation explained = explain(evaluation);
                Evaluation corrected = new Evaluation(
                        explained.policy(),
                        explained.period(),
                        explained.outcome(),
                        override.amount(),
                        explained.failingClauses(),
                        explained.missingFacts(),
                        explained.explanation());
                decided.changes()
                        .add(new Change.Adjust(
                                key, name, facts, corrected, live, override.reason(), override.rulingId()));
                if (budgeted) {
                    decided.budget()
                            .add(new BudgetSettlement.Request(
                                    BudgetSettlement.Request.Kind.RELEASE,
                                    key,
                                    name,
                                    facts,
                                    evaluation,
                                    new LiveDecision(
                                            live.decisionId(), live.amount().subtract(override.amount()))));
                }
            } else {
                decided.changes().add(new Change.Leave(key, Standing.OVERRULED));
            }
            assess(Assessment.of(key, evaluation, Standing.OVERRULED, override.reason()));
        }

        /** An ineligible or superseded evaluation: the live grant, if any, is revoked; a queued one leaves the queue. */
        private void end(
                DecisionKey key,
                Evaluation evaluation,
                LiveDecision live,
                boolean budgeted,
                Standing standing,
                String note,
                java.util.UUID rulingId) {
            Policy policy = evaluation.policy();
            if (budgeted) {
                decided.budget()
                        .add(new BudgetSettlement.Request(
                                BudgetSettlement.Request.Kind.LEAVE, key, name, facts, evaluation, null));
            }
            if (live != null) {
                Evaluation explained = explain(evaluation);
                String reason = standing == Standing.INELIGIBLE
                        ? noLongerEligible(explained) + (note == null ? "" : "；" + note)
                        : note;
                // a grant revoked on review is still in publicity or under review: nothing was paid, nothing is asked
                // back
                BigDecimal recover = rulingId != null ? BigDecimal.ZERO.setScale(2) : recovery(policy, live);
                decided.changes()
                        .add(new Change.Revoke(
                                key,
                                facts,
                                policy,
                                live,
                                reason,
                                recover,
                                explained.explanation().basedOn(),
                                rulingId));
                if (budgeted) {
                    decided.budget()
                            .add(new BudgetSettlement.Request(
                                    BudgetSettlement.Request.Kind.RELEASE, key, name, facts, evaluation, live));
                }
            } else {
                decided.changes().add(new Change.Leave(key, standing));
            }
            assess(Assessment.of(key, evaluation, standing, note));
        }

        /** A key evaluated before that the policy no longer decides. */
        private void outOfForce(DecisionKey key) {
            Optional<Policy> latest = policies.latest(key.policyId());
            if (latest.isEmpty()) {
                return;
            }
            Policy policy = latest.get();
            String reason = outOfForceReason(policy, key);
            LiveDecision live = input.live().get(key);
            boolean budgeted = policy.budgetPerPeriod().isPresent();
            if (budgeted) {
                decided.budget()
                        .add(new BudgetSettlement.Request(
                                BudgetSettlement.Request.Kind.LEAVE, key, name, facts, null, null));
            }
            if (live != null) {
                decided.changes()
                        .add(new Change.Revoke(
                                key, facts, policy, live, reason, recovery(policy, live), triggerSources(policy)));
                if (budgeted) {
                    decided.budget()
                            .add(new BudgetSettlement.Request(
                                    BudgetSettlement.Request.Kind.RELEASE, key, name, facts, null, live));
                }
            } else {
                decided.changes().add(new Change.Leave(key, Standing.OUT_OF_FORCE));
            }
            assess(Assessment.outOfForce(key, policy.version(), reason));
        }

        /** Why the policy no longer decides {@code key}, in Chinese and English. */
        private String outOfForceReason(Policy policy, DecisionKey key) {
            if (!key.period().equals("ONCE")) {
                return "政策" + policy.id() + "不适用于" + key.period() + "：企业事实已变更，该期间不再符合适用条件 (the facts that placed "
                        + key.period() + " under " + policy.id()
                        + " have changed: the policy no longer decides that period for this enterprise)";
            }
            Optional<CertificateFact> first = policy.triggerCertificate().flatMap(facts::firstCertificate);
            if (first.isEmpty()) {
                return "触发该奖励的事实已不存在 (the fact that triggered this one-off benefit is no longer on record)";
            }
            CertificateFact certificate = first.get();
            return "首次认定以签发日期最早的证书为准：证书" + certificate.certificateNo() + "于" + certificate.issuedOn() + "签发，早于政策施行日期"
                    + policy.effectiveFrom() + "；此前据以奖励的证书属于续期或重新认定，不予奖励 (the first " + certificate.kind()
                    + " certificate is the one issued earliest: " + certificate.certificateNo() + ", issued "
                    + certificate.issuedOn()
                    + ", before the policy took effect on " + policy.effectiveFrom()
                    + "; the certificate the reward was granted on is a renewal, which grants nothing)";
        }

        private List<SourceRef> triggerSources(Policy policy) {
            return policy.triggerCertificate().flatMap(facts::firstCertificate).map(CertificateFact::source).stream()
                    .toList();
        }

        private void assess(Assessment assessment) {
            if (assessment.differsFrom(input.stored())) {
                decided.assessments().add(assessment);
            }
        }

        private Evaluation explain(Evaluation evaluation) {
            return evaluator.evaluate(evaluation.policy(), facts, evaluation.period(), true);
        }
    }

    /** What a revocation asks back under {@code policy}'s recovery. */
    static BigDecimal recovery(Policy policy, LiveDecision live) {
        return policy.recovery() == Policy.Recovery.FULL_AMOUNT ? live.amount() : BigDecimal.ZERO.setScale(2);
    }

    static String noLongerEligible(Evaluation explained) {
        return "不再符合条件："
                + explained.explanation().clauses().stream()
                        .filter(c -> c.status() == Explanation.ClauseStatus.FAILS)
                        .map(Explanation.Clause::reasonZh)
                        .collect(Collectors.joining("；"))
                + " (no longer eligible: " + String.join(", ", explained.failingClauses()) + ")";
    }

    /** The enterprise's latest name, from the last profile on record. */
    public static Optional<String> latestName(FactsSnapshot facts) {
        List<ProfileFact> profiles = facts.profiles();
        return profiles.isEmpty()
                ? Optional.empty()
                : Optional.of(profiles.get(profiles.size() - 1).name());
    }

    /**
     * The years the enterprise's facts touch now: its filings' years and the years after them (whose previous-year
     * comparisons they feed), its certificates' years, and its ratings' years.
     */
    public static Set<Period> candidatePeriods(FactsSnapshot facts) {
        Set<Integer> years = new TreeSet<>();
        for (FilingFact filing : facts.filings()) {
            years.add(filing.fiscalYear());
            years.add(filing.fiscalYear() + 1);
        }
        for (CertificateFact certificate : facts.certificates()) {
            for (int year = certificate.issuedOn().getYear();
                    year <= certificate.validUntil().getYear();
                    year++) {
                years.add(year);
            }
        }
        for (RatingFact rating : facts.ratings()) {
            years.add(rating.year());
        }
        Set<Period> periods = new TreeSet<>(PERIOD_ORDER);
        for (int year : years) {
            if (year >= 2000 && year <= 2100) {
                periods.add(Period.fiscalYear(year));
                periods.add(Period.calendarYear(year));
            }
        }
        return periods;
    }
}
