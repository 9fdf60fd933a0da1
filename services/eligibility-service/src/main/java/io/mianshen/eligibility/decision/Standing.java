package io.mianshen.eligibility.decision;

/** Where an evaluation leaves a (enterprise, policy, period) once groups and budgets are applied. */
enum Standing {
    /** Eligible and granted (or to be granted). */
    GRANTABLE,
    /** Eligible, waiting for budget. */
    QUEUED,
    /** Eligible, but another policy of its exclusive group pays more (就高不重复). */
    SUPERSEDED,
    /** Not eligible. */
    INELIGIBLE,
    /** A fact is missing; the live decision, if any, stays until it arrives. */
    UNDETERMINED
}
