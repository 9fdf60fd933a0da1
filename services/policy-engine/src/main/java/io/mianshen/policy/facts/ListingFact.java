package io.mianshen.policy.facts;

import java.time.LocalDate;

/**
 * A listing as a seriously dishonest entity (严重失信主体名单).
 *
 * @param listedOn   first day listed
 * @param delistedOn the day the listing ended, or {@code null} while listed
 * @param source     the event, when known
 */
public record ListingFact(LocalDate listedOn, LocalDate delistedOn, SourceRef source) {

    /** Still open, or overlapping the days {@code from} to {@code to}. */
    public boolean openOrOverlapping(LocalDate from, LocalDate to) {
        return delistedOn == null || (!listedOn.isAfter(to) && !delistedOn.isBefore(from));
    }
}
