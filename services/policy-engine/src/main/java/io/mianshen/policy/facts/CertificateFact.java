package io.mianshen.policy.facts;

import java.time.LocalDate;

/**
 * A science-department certification and, if it happened, its revocation.
 *
 * @param kind          HIGH_TECH_ENTERPRISE, TECH_SME or PROVINCIAL_RD_CENTER
 * @param certificateNo the number
 * @param issuedOn      first day of validity
 * @param validUntil    last day of validity
 * @param revokedOn     the day the revocation takes effect, or {@code null}
 * @param source        the granting event, when known
 * @param revokedBy     the revoking event, when known
 */
public record CertificateFact(
        String kind,
        String certificateNo,
        LocalDate issuedOn,
        LocalDate validUntil,
        LocalDate revokedOn,
        SourceRef source,
        SourceRef revokedBy) {

    /** Valid on {@code date}: issuedOn &lt;= date &lt;= validUntil, and not revoked on or before it. */
    public boolean validOn(LocalDate date) {
        return !date.isBefore(issuedOn) && !date.isAfter(validUntil) && (revokedOn == null || date.isBefore(revokedOn));
    }

    /** Valid on at least one date of {@code year}. */
    public boolean validInYear(int year) {
        LocalDate first = LocalDate.of(year, 1, 1).isAfter(issuedOn) ? LocalDate.of(year, 1, 1) : issuedOn;
        return first.getYear() == year && validOn(first);
    }

    /** Revoked before the {@code years}-th anniversary of its issue date. */
    public boolean revokedWithinYears(int years) {
        return revokedOn != null && revokedOn.isBefore(issuedOn.plusYears(years));
    }
}
