package io.mianshen.policy.facts;

/** How a policy's periods are counted. */
public enum PeriodKind {
    /** One decision per fiscal year, read at the year's last day. */
    FISCAL_YEAR,
    /** One decision per calendar year, read at the year's last day. */
    CALENDAR_YEAR,
    /** One decision ever, read at the date of the fact that triggers it. */
    ONCE
}
