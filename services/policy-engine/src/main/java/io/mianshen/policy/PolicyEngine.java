package io.mianshen.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelLateFunctionBindings;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;

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

    private PolicyEngine() {
    }

    /** Evaluates with a full explanation. */
    public static Evaluation evaluate(Policy policy, FactsSnapshot facts, Period period) {
        return evaluate(policy, facts, period, true);
    }

    /**
     * Evaluates {@code policy} for {@code period}.
     *
     * @param explain whether to build the explanation (facts read, steps, sentences)
     * @throws IllegalArgumentException      when the policy does not decide this period ({@link Policy#inForce})
     * @throws PolicyEvaluationException     when an expression fails at run time (e.g. a resource limit)
     */
    public static Evaluation evaluate(Policy policy, FactsSnapshot facts, Period period, boolean explain) {
        if (!policy.inForce(period)) {
            throw new IllegalArgumentException(policy + " does not decide " + period.label() + " (" + period.date() + ")");
        }
        FactBindings bindings = new FactBindings(facts, period);
        List<Explanation.ParameterUse> parameterUses = bindParameters(policy, period, bindings);
        List<FactRead> consulted = new ArrayList<>();
        CelLateFunctionBindings functions = PolicyLanguage.factFunctions(facts, explain ? consulted::add : ignored -> { });

        List<Explanation.DerivedValue> derivedValues = new ArrayList<>();
        for (CompiledExpression derived : policy.derivedExpressions()) {
            List<String> lacking = missing(derived, bindings);
            if (lacking.isEmpty()) {
                Object value = run(policy, derived, bindings, functions);
                bindings.put(derived.name(), value);
                derivedValues.add(new Explanation.DerivedValue(derived.name(), derived.text(), FactBindings.display(value)));
            } else {
                bindings.markMissing(derived.name(), String.join("; ", lacking));
                derivedValues.add(new Explanation.DerivedValue(derived.name(), derived.text(), null));
            }
        }

        List<Explanation.Clause> clauses = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        Set<String> missingFacts = new LinkedHashSet<>();
        for (int i = 0; i < policy.clauseExpressions().size(); i++) {
            CompiledExpression expression = policy.clauseExpressions().get(i);
            Policy.Clause clause = policy.clauses().get(i);
            List<String> lacking = missing(expression, bindings);
            consulted.clear();
            Explanation.ClauseStatus status;
            if (!lacking.isEmpty()) {
                status = Explanation.ClauseStatus.UNDETERMINED;
                missingFacts.addAll(lacking);
            } else if (Boolean.TRUE.equals(run(policy, expression, bindings, functions))) {
                status = Explanation.ClauseStatus.HOLDS;
            } else {
                status = Explanation.ClauseStatus.FAILS;
                failing.add(clause.id());
            }
            if (explain) {
                clauses.add(new Explanation.Clause(clause.id(), clause.expression(), clause.reasonZh(), clause.reasonEn(), status,
                        factsRead(policy, expression, bindings, consulted), lacking));
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
                        ? PolicyLanguage.recordingSteps(() -> exact[0] = (BigDecimal) run(policy, formula, bindings, functions))
                        : List.of();
                if (!explain) {
                    exact[0] = (BigDecimal) run(policy, formula, bindings, functions);
                }
                amount = exact[0].setScale(2, RoundingMode.HALF_UP);
                computation = new Explanation.AmountComputation(formula.text(), steps, exact[0].toPlainString(),
                        amount.toPlainString(), ROUNDING);
            }
        }
        List<String> missingList = List.copyOf(missingFacts);
        Explanation explanation = null;
        if (explain) {
            Map<String, Object> values = new LinkedHashMap<>(bindings.values());
            values.put("amount", amount);
            Sentences sentences = Sentences.of(policy, period, outcome, values, clauses, missingList);
            explanation = new Explanation(policy.id(), policy.version(), period.label(), period.date(), outcome, List.copyOf(clauses),
                    parameterUses, List.copyOf(derivedValues), computation, missingList, sentences.zh(), sentences.en());
        }
        return new Evaluation(policy, period, outcome, amount, List.copyOf(failing), missingList, explanation);
    }

    private static List<Explanation.ParameterUse> bindParameters(Policy policy, Period period, FactBindings bindings) {
        List<Explanation.ParameterUse> uses = new ArrayList<>();
        for (Policy.Parameter parameter : policy.parameters().values().stream()
                .sorted(java.util.Comparator.comparing(Policy.Parameter::name)).toList()) {
            String name = "params." + parameter.name();
            parameter.rowOn(period.date()).ifPresentOrElse(row -> {
                bindings.put(name, row.value());
                uses.add(new Explanation.ParameterUse(parameter.name(), FactBindings.display(row.value()), row.from(), row.to(),
                        parameter.reference()));
            }, () -> bindings.markMissing(name, "parameter " + parameter.name() + " has no value on " + period.date()));
        }
        return List.copyOf(uses);
    }

    private static List<String> missing(CompiledExpression expression, FactBindings bindings) {
        Set<String> lacking = new LinkedHashSet<>();
        for (String variable : expression.variables()) {
            if (bindings.isMissing(variable)) {
                lacking.add(bindings.missingDescription(variable));
            }
        }
        return List.copyOf(lacking);
    }

    /** The facts an expression read, a derived value's own facts included, with the facts its functions consulted. */
    private static List<FactRead> factsRead(Policy policy, CompiledExpression expression, FactBindings bindings, List<FactRead> consulted) {
        Set<FactRead> reads = new LinkedHashSet<>();
        for (String variable : expression.variables()) {
            if (bindings.isMissing(variable) || variable.startsWith("params.")) {
                continue;
            }
            reads.add(bindings.read(variable));
            policy.derivedExpressions().stream().filter(d -> d.name().equals(variable))
                    .forEach(d -> d.variables().stream().filter(v -> !v.startsWith("params.") && !bindings.isMissing(v))
                            .forEach(v -> reads.add(bindings.read(v))));
        }
        reads.addAll(consulted);
        return List.copyOf(reads);
    }

    private static Object run(Policy policy, CompiledExpression expression, FactBindings bindings, CelLateFunctionBindings functions) {
        try {
            return expression.program().eval(bindings.values(), functions);
        } catch (CelEvaluationException e) {
            throw new PolicyEvaluationException(policy + " " + expression.name() + ": " + e.getMessage(), e);
        }
    }
}
