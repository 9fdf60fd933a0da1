package io.mianshen.policy;

import io.mianshen.policy.facts.FactsSnapshot;
import java.math.BigDecimal;
import java.util.List;

/**
 * An example embedded in a policy file: facts in, outcome and amount out. Every example must pass
 * before the version can go live.
 *
 * @param name        what it shows
 * @param line        its line in the file
 * @param period      {@code FY2023}, {@code Y2023} or {@code ONCE}
 * @param facts       the enterprise's facts
 * @param outcome     the expected outcome, or {@code NOT_IN_FORCE}-style absence expressed by {@code inForce=false}
 * @param inForce     whether the policy decides this period at all
 * @param amount      the expected amount, or {@code null}
 * @param failing     the clauses expected to fail (checked when not empty)
 * @param missing     words expected in the missing facts (checked when not empty)
 * @param group       the expected exclusive-group result: {@code WINS}, {@code SUPERSEDED}, or {@code null}
 */
public record PolicyExample(
        String name,
        int line,
        String period,
        FactsSnapshot facts,
        Outcome outcome,
        boolean inForce,
        BigDecimal amount,
        List<String> failing,
        List<String> missing,
        String group) {}
