package io.mianshen.policy;

/** The outcome of evaluating a policy for an enterprise and a period. */
public enum Outcome {
    /** Every clause holds; the result carries the amount. */
    ELIGIBLE,
    /** At least one clause does not hold; the result names them. */
    INELIGIBLE,
    /** A fact a clause or the amount needs is missing; the result names it. Never counted as zero or false. */
    UNDETERMINED
}
