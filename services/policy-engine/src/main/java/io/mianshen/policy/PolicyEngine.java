package io.mianshen.policy;

import dev.cel.runtime.CelEvaluationException;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.SourceRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a policy for an enterprise's facts and a period. Pure: no I/O, no clock, no shared state;
 * safe to call from many threads.
 * <p>
 * A clause whose facts are all present holds or fails. A clause that needs a missing fact is
 * undetermined. The outcome is INELIGIBLE when any clause fails (a missing fact elsewhere cannot
 * make it eligible), else UNDETERMINED when any clause or the amount lacks a fact, else ELIGIBLE with
 * the amount: the formula computed exactly, then rounded HALF_UP to the fen once.
 */
public final class PolicyEngine {

    /** The rounding applied once, at the end, to every amount. */
    public static final String ROUNDING = "HALF_UP to 0.01 yuan (the fen), once, at the end";

    private PolicyEngine() {}

    /** Evaluates with a full explanation. */
    public static Evaluation evaluate(Policy policy, FactsSnapshot facts, Period period) {
        return evaluate(policy, facts, period, true);
    }

    /**
     * Evaluates {@code policy} for {@code period}.
     *
     * @param explain whether to build the explanation (facts read, steps, sentences); without one, evaluation
     *                stops at the first failing clause, so {@link Evaluation#failingClauses()} names only that one
     * @throws IllegalArgumentException      when the policy does not decide this period ({@link Policy#inForce})
     * @throws PolicyEvaluationException     when an expression fails at run time (e.g. a resource limit)
     */
    public static Evaluation evaluate(Policy policy, FactsSnapshot facts, Period period, boolean explain) {
        if (!policy.inForce(period)) {
            throw new IllegalArgumentException(
                    policy + " does not decide " + period.label() + " (" + period.date() + ")");
        }
        List<FactRead> consulted = new ArrayList<>();
        PolicyLanguage.Context context = new PolicyLanguage.Context(facts, explain ? consulted::add : null);
        return PolicyLanguage.withFacts(context, () -> evaluate(policy, facts, period, explain, consulted));
    }

    private static Evaluation evaluate(
            Policy policy, FactsSnapshot facts, Period period, boolean explain, List<FactRead> consulted) {
        FactBindings bindings = new FactBindings(facts, period, policy.factVariables(), explain);
        List<Explanation.ParameterUse> parameterUses = bindParameters(policy, period, bindings, explain);

        List<Explanation.DerivedValue> derivedValues = explain ? new ArrayList<>() : null;
        for (CompiledExpression derived : policy.derivedExpressions()) {
            List<String> lacking = missing(derived, bindings);
            Object value = null;
            if (lacking.isEmpty()) {
                value = run(policy, derived, bindings);
                bindings.put(derived.name(), value);
            } else {
                bindings.markMissing(derived.name(), String.join("; ", lacking));
            }
            if (explain) {
                derivedValues.add(new Explanation.DerivedValue(
                        derived.name(), derived.text(), value == null ? null : FactBindings.display(value)));
            }
        }

        List<Explanation.Clause> clauses = explain ? new ArrayList<>() : null;
        List<String> failing = new ArrayList<>(2);
        Set<String> missingFacts = new LinkedHashSet<>(4);
        for (int i = 0; i < policy.clauseExpressions().size(); i++) {
            if (!explain && !failing.isEmpty()) {
                break; // without an explanation the first failing clause decides
            }
            CompiledExpression expression = policy.clauseExpressions().get(i);
            Policy.Clause clause = policy.clauses().get(i);
            List<String> lacking = missing(expression, bindings);
            if (explain) {
                consulted.clear();
            }
            Explanation.ClauseStatus status;
            if (!lacking.isEmpty()) {
                status = Explanation.ClauseStatus.UNDETERMINED;
                missingFacts.addAll(lacking);
            } else if (Boolean.TRUE.equals(run(policy, expression, bindings))) {
                status = Explanation.ClauseStatus.HOLDS;
            } else {
                status = Explanation.ClauseStatus.FAILS;
                failing.add(clause.id());
            }
            if (explain) {
                clauses.add(new Explanation.Clause(
                        clause.id(),
                        clause.expression(),
                        clause.reasonZh(),
                        clause.reasonEn(),
                        status,
                        factsRead(policy, expression, bindings, consulted),
                        lacking));
            }
        }

        Outcome outcome;
        BigDecimal amount = null;
        Explanation.AmountComputation computation = null;
        if (!failing.isEmpty()) {
            outcome = Outcome.INELIGIBLE;
            missingFacts.clear();
        } else if (!missingFacts.isEmpty()) {
            outcome = Outcome.UNDETERMINED;
        } else {
            CompiledExpression formula = policy.amountExpression();
            List<String> lacking = missing(formula, bindings);
            if (!lacking.isEmpty()) {
                outcome = Outcome.UNDETERMINED;
                missingFacts.addAll(lacking);
            } else {
                outcome = Outcome.ELIGIBLE;
                BigDecimal[] exact = new BigDecimal[1];
                List<String> steps = explain
                        ? PolicyLanguage.recordingSteps(() -> exact[0] = (BigDecimal) run(policy, formula, bindings))
                        : List.of();
                if (!explain) {
                    exact[0] = (BigDecimal) run(policy, formula, bindings);
                }
                amount = exact[0].setScale(2, RoundingMode.HALF_UP);
                if (explain) {
                    computation = new Explanation.AmountComputation(
                            formula.text(), steps, exact[0].toPlainString(), amount.toPlainString(), ROUNDING);
                }
            }
        }
        List<String> missingList = missingFacts.isEmpty() ? List.of() : List.copyOf(missingFacts);
        Explanation explanation = null;
        if (explain) {
            Map<String, Object> values = new LinkedHashMap<>(bindings.values());
            values.put("amount", amount);
            Sentences sentences = Sentences.of(policy, period, outcome, values, clauses, missingList);
            explanation = new Explanation(
                    policy.id(),
                    policy.version(),
                    period.label(),
                    period.date(),
                    outcome,
                    List.copyOf(clauses),
                    parameterUses,
                    List.copyOf(derivedValues),
                    computation,
                    missingList,
                    basedOn(policy, bindings, clauses, consulted),
                    sentences.zh(),
                    sentences.en());
        }
        return new Evaluation(policy, period, outcome, amount, List.copyOf(failing), missingList, explanation);
    }

    /** Every source event behind the facts read: the clauses', and the derived values' and amount's own. */
    private static List<SourceRef> basedOn(
            Policy policy, FactBindings bindings, List<Explanation.Clause> clauses, List<FactRead> consulted) {
        Set<SourceRef> sources = new LinkedHashSet<>();
        clauses.forEach(c -> c.facts().forEach(f -> add(sources, f.source())));
        List<CompiledExpression> others = new ArrayList<>(policy.derivedExpressions());
        others.add(policy.amountExpression());
        for (CompiledExpression expression : others) {
            for (String variable : expression.variables()) {
                if (!bindings.isMissing(variable)
                        && !variable.startsWith("params.")
                        && !variable.startsWith("derived.")) {
                    add(sources, bindings.read(variable).source());
                }
            }
        }
        consulted.forEach(f -> add(sources, f.source()));
        return List.copyOf(sources);
    }

    private static void add(Set<SourceRef> sources, SourceRef source) {
        if (source != null) {
            sources.add(source);
        }
    }

    private static List<Explanation.ParameterUse> bindParameters(
            Policy policy, Period period, FactBindings bindings, boolean explain) {
        List<Explanation.ParameterUse> uses = explain ? new ArrayList<>() : List.of();
        for (Policy.Parameter parameter : policy.sortedParameters()) {
            String name = policy.variableOf(parameter);
            Policy.Row row = parameter.rowAt(period.date());
            if (row == null) {
                bindings.markMissing(name, "parameter " + parameter.name() + " has no value on " + period.date());
                continue;
            }
            bindings.put(name, row.value());
            if (explain) {
                uses.add(new Explanation.ParameterUse(
                        parameter.name(),
                        FactBindings.display(row.value()),
                        row.from(),
                        row.to(),
                        parameter.reference()));
            }
        }
        return explain ? List.copyOf(uses) : uses;
    }

    private static List<String> missing(CompiledExpression expression, FactBindings bindings) {
        Set<String> lacking = null;
        for (String variable : expression.variables()) {
            if (bindings.isMissing(variable)) {
                if (lacking == null) {
                    lacking = new LinkedHashSet<>();
                }
                lacking.add(bindings.missingDescription(variable));
            }
        }
        return lacking == null ? List.of() : List.copyOf(lacking);
    }

    /** The facts an expression read, a derived value's own facts included, with the facts its functions consulted. */
    private static List<FactRead> factsRead(
            Policy policy, CompiledExpression expression, FactBindings bindings, List<FactRead> consulted) {
        Set<FactRead> reads = new LinkedHashSet<>();
        for (String variable : expression.variables()) {
            if (bindings.isMissing(variable) || variable.startsWith("params.")) {
                continue;
            }
            reads.add(bindings.read(variable));
            policy.derivedExpressions().stream()
                    .filter(d -> d.name().equals(variable))
                    .forEach(d -> d.variables().stream()
                            .filter(v -> !v.startsWith("params.") && !bindings.isMissing(v))
                            .forEach(v -> reads.add(bindings.read(v))));
        }
        reads.addAll(consulted);
        return List.copyOf(reads);
    }

    private static Object run(Policy policy, CompiledExpression expression, FactBindings bindings) {
        try {
            // a resolver, not the map itself: CEL would copy a map into a new activation on every call
            return expression.program().eval(bindings.resolver());
        } catch (CelEvaluationException e) {
            throw new PolicyEvaluationException(policy + " " + expression.name() + ": " + e.getMessage(), e);
        }
    }
}
