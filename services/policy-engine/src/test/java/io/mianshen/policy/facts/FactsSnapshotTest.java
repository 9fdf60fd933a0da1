package io.mianshen.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The precise meanings of policies.md. */
class FactsSnapshotTest {

    private static final LocalDate JAN_1 = LocalDate.of(2023, 1, 1);

    @Test
    void aCertificateIsValidFromItsIssueDateThroughValidUntilAndNotFromItsRevocation() {
        CertificateFact certificate = new CertificateFact(
                "HIGH_TECH_ENTERPRISE",
                "GR1",
                LocalDate.of(2023, 3, 1),
                LocalDate.of(2026, 2, 28),
                LocalDate.of(2024, 6, 30),
                null,
                null);

        assertThat(certificate.validOn(LocalDate.of(2023, 2, 28))).isFalse();
        assertThat(certificate.validOn(LocalDate.of(2023, 3, 1))).isTrue();
        assertThat(certificate.validOn(LocalDate.of(2024, 6, 29))).isTrue();
        assertThat(certificate.validOn(LocalDate.of(2024, 6, 30))).isFalse();
        assertThat(certificate.validInYear(2022)).isFalse();
        assertThat(certificate.validInYear(2024)).isTrue();
        assertThat(certificate.validInYear(2025)).isFalse();
        assertThat(certificate.revokedWithinYears(3)).isTrue();
    }

    @Test
    void aCertificateValidOnlyOnTheLastDayOfAYearIsValidInThatYear() {
        CertificateFact certificate = new CertificateFact(
                "TECH_SME", "T1", LocalDate.of(2023, 12, 31), LocalDate.of(2024, 12, 31), null, null, null);

        assertThat(certificate.validInYear(2023)).isTrue();
    }

    @Test
    void theFilingOfAYearIsTheOneNoOtherAmendsThenTheLastFiled() {
        FilingFact original = filing("T1", null, "2024-05-20", "100.00");
        FilingFact amendment = filing("T2", "T1", "2024-06-01", "90.00");
        FilingFact secondOriginal = filing("T3", null, "2024-05-25", "80.00");

        assertThat(snapshot(List.of(original, amendment)).filingOf(2023)).get().isEqualTo(amendment);
        assertThat(snapshot(List.of(original)).filingOf(2023)).get().isEqualTo(original);
        assertThat(snapshot(List.of(original, amendment, secondOriginal)).filingOf(2023))
                .get()
                .isEqualTo(amendment);
        assertThat(snapshot(List.of(original, secondOriginal)).filingOf(2023))
                .get()
                .isEqualTo(secondOriginal);
        assertThat(snapshot(List.of(original)).filingOf(2022)).isEmpty();
    }

    @Test
    void givesTheSameAnswersWhateverOrderTheFactsArrivedIn() {
        List<FilingFact> filings = new ArrayList<>(List.of(
                filing("T1", null, "2024-05-20", "100.00"),
                filing("T2", "T1", "2024-06-01", "90.00"),
                filing("T3", "T2", "2024-07-01", "95.00"),
                filing("T4", null, "2024-05-21", "1.00")));
        List<ProfileFact> profiles = new ArrayList<>(List.of(
                profile("2016-01-01", "SMALL"), profile("2023-06-01", "MEDIUM"), profile("2024-01-01", "LARGE")));
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(filings, random);
            Collections.shuffle(profiles, random);
            FactsSnapshot facts = new FactsSnapshot("x", profiles, filings, List.of(), List.of(), List.of(), List.of());
            assertThat(facts.filingOf(2023))
                    .get()
                    .extracting(FilingFact::filingId)
                    .isEqualTo("T3");
            assertThat(facts.profileOn(LocalDate.of(2023, 12, 31)))
                    .get()
                    .extracting(ProfileFact::sizeClass)
                    .isEqualTo("MEDIUM");
        }
    }

    @Test
    void theProfileOnADateIsTheLatestOnOrBeforeIt() {
        FactsSnapshot facts = new FactsSnapshot(
                "x",
                List.of(profile("2020-01-01", "SMALL"), profile("2023-06-01", "MEDIUM")),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());

        assertThat(facts.profileOn(LocalDate.of(2019, 12, 31))).isEmpty();
        assertThat(facts.profileOn(LocalDate.of(2023, 6, 1)))
                .get()
                .extracting(ProfileFact::sizeClass)
                .isEqualTo("MEDIUM");
        assertThat(facts.profileOn(LocalDate.of(2023, 5, 31)))
                .get()
                .extracting(ProfileFact::sizeClass)
                .isEqualTo("SMALL");
    }

    @Test
    void aListingStillOpenOrOverlappingThePeriodCounts() {
        assertThat(new ListingFact(LocalDate.of(2025, 1, 1), null, null)
                        .openOrOverlapping(JAN_1, LocalDate.of(2023, 12, 31)))
                .isTrue();
        assertThat(new ListingFact(LocalDate.of(2022, 1, 1), LocalDate.of(2023, 1, 1), null)
                        .openOrOverlapping(JAN_1, LocalDate.of(2023, 12, 31)))
                .isTrue();
        assertThat(new ListingFact(LocalDate.of(2022, 1, 1), LocalDate.of(2022, 12, 31), null)
                        .openOrOverlapping(JAN_1, LocalDate.of(2023, 12, 31)))
                .isFalse();
        assertThat(new ListingFact(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 1), null)
                        .openOrOverlapping(JAN_1, LocalDate.of(2023, 12, 31)))
                .isFalse();
    }

    @Test
    void parsesPeriodLabels() {
        assertThat(Period.parse("FY2023")).isEqualTo(Period.fiscalYear(2023));
        assertThat(Period.parse("Y2024").date()).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(Period.once(LocalDate.of(2023, 12, 8)).label()).isEqualTo("ONCE");
    }

    private static FilingFact filing(String id, String amends, String filedOn, String rd) {
        return new FilingFact(
                2023,
                id,
                amends,
                LocalDate.parse(filedOn),
                BigDecimal.ONE,
                new BigDecimal(rd),
                BigDecimal.ONE,
                1,
                null);
    }

    private static ProfileFact profile(String asOf, String size) {
        return new ProfileFact(LocalDate.parse(asOf), "n", "370102", "I6510", size, null, null);
    }

    private static FactsSnapshot snapshot(List<FilingFact> filings) {
        return new FactsSnapshot("x", List.of(), filings, List.of(), List.of(), List.of(), List.of());
    }
}
