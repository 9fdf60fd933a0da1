package io.mianshen.policy;

import io.mianshen.policy.facts.SourceRef;
import java.time.LocalDate;
import java.util.List;

/**
 * Why a policy decided as it did: every clause with its value and the facts it read, every parameter
 * with the value and date row used, the amount step by step, and one sentence in Chinese and English.
 *
 * @param policyId      the policy
 * @param policyVersion its version
 * @param period        the period label ({@code FY2023}, {@code Y2023}, {@code ONCE})
 * @param readAt        the date facts and parameters were read at
 * @param outcome       the outcome
 * @param clauses       each clause in file order
 * @param parameters    each parameter the evaluation used
 * @param derived       each named intermediate value
 * @param amount        the amount computation, or {@code null} unless ELIGIBLE
 * @param missingFacts  the facts that are missing, for UNDETERMINED
 * @param basedOn       the events behind every fact the evaluation read
 * @param summaryZh     one sentence in Chinese, for notices
 * @param summaryEn     the same in English
 */
public record Explanation(
        String policyId,
        int policyVersion,
        String period,
        LocalDate readAt,
        Outcome outcome,
        List<Clause> clauses,
        List<ParameterUse> parameters,
        List<DerivedValue> derived,
        AmountComputation amount,
        List<String> missingFacts,
        List<SourceRef> basedOn,
        String summaryZh,
        String summaryEn) {

    /** How a clause came out. */
    public enum ClauseStatus {
        HOLDS,
        FAILS,
        UNDETERMINED
    }

    /**
     * One eligibility clause.
     *
     * @param id         its name in the file
     * @param expression the CEL expression
     * @param reasonZh   the human reason, Chinese
     * @param reasonEn   the human reason, English
     * @param status     how it came out
     * @param facts      the facts it read
     * @param missing    the facts it lacked, when undetermined
     */
    public record Clause(
            String id,
            String expression,
            String reasonZh,
            String reasonEn,
            ClauseStatus status,
            List<FactRead> facts,
            List<String> missing) {}

    /**
     * A parameter as used.
     *
     * @param name      its name
     * @param value     the value used
     * @param from      first day of the row used
     * @param to        last day of the row used, or {@code null} when open-ended
     * @param reference its legal reference, if any
     */
    public record ParameterUse(String name, String value, LocalDate from, LocalDate to, String reference) {}

    /**
     * A named intermediate value of the policy (e.g. the R&amp;D increase).
     *
     * @param name       its name
     * @param expression the CEL expression
     * @param value      the value, or {@code null} when a fact it needs is missing
     */
    public record DerivedValue(String name, String expression, String value) {}

    /**
     * The amount, step by step.
     *
     * @param formula   the CEL formula
     * @param steps     each operation with its result, in evaluation order
     * @param exact     the exact result before rounding
     * @param rounded   the amount in yuan, rounded HALF_UP to the fen once
     * @param rounding  the rounding rule
     */
    public record AmountComputation(
            String formula, List<String> steps, String exact, String rounded, String rounding) {}
}
