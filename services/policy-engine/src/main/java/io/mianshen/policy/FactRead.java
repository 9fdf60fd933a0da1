package io.mianshen.policy;

import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.RatingFact;
import io.mianshen.policy.facts.SourceRef;

/**
 * A fact an evaluation read, with the value it saw and the event that established it.
 *
 * @param fact   the fact's name, e.g. {@code filing.rdExpense} or {@code certificate GR202337000123}
 * @param value  the value, as text
 * @param source the event, when the caller supplied it
 */
public record FactRead(String fact, String value, SourceRef source) {

    static FactRead of(CertificateFact certificate) {
        String value = certificate.kind() + " valid " + certificate.issuedOn() + ".." + certificate.validUntil()
                + (certificate.revokedOn() == null ? "" : ", revoked on " + certificate.revokedOn());
        return new FactRead(
                "certificate " + certificate.certificateNo(),
                value,
                certificate.revokedBy() != null ? certificate.revokedBy() : certificate.source());
    }

    static FactRead of(RatingFact rating) {
        return new FactRead("credit rating " + rating.year(), rating.rating(), rating.source());
    }
}
