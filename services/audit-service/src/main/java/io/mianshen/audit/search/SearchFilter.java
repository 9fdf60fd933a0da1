package io.mianshen.audit.search;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.StringJoiner;

/**
 * What an auditor searches decisions by; every part is optional.
 *
 * @param uscc        the enterprise
 * @param policyId    the policy
 * @param period      FY2023, Y2023 or ONCE
 * @param type        the full event type, e.g. gov.benefit.granted.v1
 * @param decidedFrom decided at or after
 * @param decidedTo   decided before
 * @param minAmount   amount (granted, adjusted) or amount to return (revoked) at least
 * @param maxAmount   at most
 */
public record SearchFilter(
        String uscc,
        String policyId,
        String period,
        String type,
        Instant decidedFrom,
        Instant decidedTo,
        BigDecimal minAmount,
        BigDecimal maxAmount) {

    /** The filter as it is logged for "who looked". */
    public String describe() {
        StringJoiner out = new StringJoiner("&");
        add(out, "uscc", uscc);
        add(out, "policyId", policyId);
        add(out, "period", period);
        add(out, "type", type);
        add(out, "decidedFrom", decidedFrom);
        add(out, "decidedTo", decidedTo);
        add(out, "minAmount", minAmount);
        add(out, "maxAmount", maxAmount);
        return out.toString();
    }

    private static void add(StringJoiner out, String name, Object value) {
        if (value != null) {
            out.add(name + "=" + value);
        }
    }
}
