package io.mianshen.eligibility.decision.round;

/** Where an evaluation leaves an (enterprise, policy, period) once groups and budgets are applied. */
public enum Standing {
    /** Eligible and granted (or to be granted). */
    GRANTABLE,
    /** Eligible, waiting in the budget's queue for its amount (a new grant) or its difference (an increase). */
    QUEUED,
    /** Eligible, but another policy of its exclusive group pays more (就高不重复). */
    SUPERSEDED,
    /** Not eligible. */
    INELIGIBLE,
    /** A fact is missing; the live decision, if any, stays until it arrives. */
    UNDETERMINED,
    /**
     * The policy no longer decides this period for the enterprise: the facts that placed it there changed (a
     * certificate corrected to another year, an earlier first certificate that arrived late); a grant there is revoked.
     */
    OUT_OF_FORCE,
    /**
     * A reviewer upheld an objection during publicity and corrected the grant (revoked it, or adjusted it to a stated
     * amount): the correction stands while the policy evaluates the enterprise's facts as it did then ({@link RulingOverride}).
     */
    OVERRULED
}
