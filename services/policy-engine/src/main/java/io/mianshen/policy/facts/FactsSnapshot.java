package io.mianshen.policy.facts;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about one enterprise, with the derivations of policies.md's precise meanings.
 * Every derivation reads the facts' own dates, never the time of processing, so the same facts give
 * the same answers whatever order they arrived in.
 *
 * @param uscc            the enterprise
 * @param profiles        every profile version
 * @param filings         every annual filing, amendments included
 * @param certificates    every certificate
 * @param ratings         every tax credit rating
 * @param listings        every serious-dishonesty listing
 * @param deregistrations every deregistration
 */
public record FactsSnapshot(
        String uscc,
        List<ProfileFact> profiles,
        List<FilingFact> filings,
        List<CertificateFact> certificates,
        List<RatingFact> ratings,
        List<ListingFact> listings,
        List<DeregistrationFact> deregistrations) {

    private static final Comparator<CertificateFact> EARLIEST_ISSUED =
            Comparator.comparing(CertificateFact::issuedOn).thenComparing(CertificateFact::certificateNo);
    private static final Comparator<FilingFact> LATEST_FILED =
            Comparator.comparing(FilingFact::filedOn).thenComparing(FilingFact::filingId);

    public FactsSnapshot {
        profiles = List.copyOf(profiles);
        filings = List.copyOf(filings);
        certificates = List.copyOf(certificates);
        ratings = List.copyOf(ratings);
        listings = List.copyOf(listings);
        deregistrations = List.copyOf(deregistrations);
    }

    /**
     * The profile of the latest registered/changed event on or before {@code date}; of several on the
     * same date, the one listed last (callers list profiles in event-time order).
     */
    public Optional<ProfileFact> profileOn(LocalDate date) {
        ProfileFact latest = null;
        for (ProfileFact profile : profiles) {
            if (!profile.asOf().isAfter(date)
                    && (latest == null || !profile.asOf().isBefore(latest.asOf()))) {
                latest = profile;
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * The filing of {@code fiscalYear}: of its filings, the one no other filing amends; of several
     * such, the one filed last (then the greatest filing id, so the choice is total).
     */
    public Optional<FilingFact> filingOf(int fiscalYear) {
        FilingFact chosen = null;
        for (FilingFact filing : filings) {
            if (filing.fiscalYear() == fiscalYear
                    && !isAmended(filing)
                    && (chosen == null || LATEST_FILED.compare(filing, chosen) > 0)) {
                chosen = filing;
            }
        }
        return Optional.ofNullable(chosen);
    }

    private boolean isAmended(FilingFact filing) {
        for (FilingFact other : filings) {
            if (other.fiscalYear() == filing.fiscalYear() && filing.filingId().equals(other.amendsFilingId())) {
                return true;
            }
        }
        return false;
    }

    /** The certificates of {@code kind}. */
    public List<CertificateFact> certificates(String kind) {
        return certificates.stream().filter(c -> c.kind().equals(kind)).toList();
    }

    /** The certificate of {@code kind} with the earliest issue date (then the smallest number). */
    public Optional<CertificateFact> firstCertificate(String kind) {
        CertificateFact first = null;
        for (CertificateFact certificate : certificates) {
            if (certificate.kind().equals(kind) && (first == null || EARLIEST_ISSUED.compare(certificate, first) < 0)) {
                first = certificate;
            }
        }
        return Optional.ofNullable(first);
    }

    /** The ratings given for {@code year}. */
    public List<RatingFact> ratings(int year) {
        return ratings.stream().filter(r -> r.year() == year).toList();
    }

    /** The listings still open or overlapping {@code from}..{@code to}. */
    public List<ListingFact> listingsOpenOrOverlapping(LocalDate from, LocalDate to) {
        return listings.stream().filter(l -> l.openOrOverlapping(from, to)).toList();
    }
}
