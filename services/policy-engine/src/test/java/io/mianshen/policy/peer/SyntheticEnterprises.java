package io.mianshen.policy.peer;

import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.DeregistrationFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.ListingFact;
import io.mianshen.policy.facts.ProfileFact;
import io.mianshen.policy.facts.RatingFact;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic synthetic enterprises covering every branch of the pack: sizes, regions, industries, certificates, gaps. */
public final class SyntheticEnterprises {

    private static final String[] INDUSTRIES = {"I6510", "C3511", "F5123", "R9011", "R8610", "M7320", "C1610"};
    private static final String[] REGIONS = {"370102", "370112", "370202", "110105"};
    private static final String[] SIZES = {"MICRO", "SMALL", "MEDIUM", "LARGE"};

    private SyntheticEnterprises() {}

    /** {@code count} enterprises from seed {@code seed}. */
    public static List<FactsSnapshot> generate(int count, long seed) {
        Random random = new Random(seed);
        List<FactsSnapshot> enterprises = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            enterprises.add(enterprise(random, i));
        }
        return enterprises;
    }

    private static FactsSnapshot enterprise(Random random, int i) {
        List<ProfileFact> profiles = new ArrayList<>();
        if (random.nextInt(10) > 0) {
            profiles.add(new ProfileFact(
                    LocalDate.of(2015, 1, 1).plusDays(random.nextInt(3000)),
                    "企业" + i,
                    pick(random, REGIONS),
                    pick(random, INDUSTRIES),
                    pick(random, SIZES),
                    LocalDate.of(2015, 1, 1),
                    null));
        }
        List<FilingFact> filings = new ArrayList<>();
        for (int year = 2021; year <= 2024; year++) {
            if (random.nextInt(8) > 0) {
                filings.add(new FilingFact(
                        year,
                        "T" + year + "-" + i,
                        null,
                        LocalDate.of(year + 1, 5, 20),
                        money(random, 90_000_000),
                        money(random, 6_000_000),
                        signedMoney(random, 8_000_000),
                        10 + random.nextInt(300),
                        null));
            }
        }
        List<CertificateFact> certificates = new ArrayList<>();
        if (random.nextBoolean()) {
            LocalDate issued = LocalDate.of(2022, 1, 1).plusDays(random.nextInt(900));
            LocalDate revoked = random.nextInt(5) == 0 ? issued.plusDays(random.nextInt(1500)) : null;
            certificates.add(new CertificateFact(
                    "HIGH_TECH_ENTERPRISE",
                    "GR" + i,
                    issued,
                    issued.plusYears(3).minusDays(1),
                    revoked,
                    null,
                    null));
        }
        for (int year = 2021; year <= 2024; year++) {
            if (random.nextInt(3) == 0) {
                certificates.add(new CertificateFact(
                        "TECH_SME",
                        "TS" + year + "-" + i,
                        LocalDate.of(year, 1, 1).plusDays(random.nextInt(200)),
                        LocalDate.of(year, 12, 31),
                        random.nextInt(10) == 0 ? LocalDate.of(year, 6, 1) : null,
                        null,
                        null));
            }
        }
        List<RatingFact> ratings = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            ratings.add(new RatingFact(2021 + random.nextInt(4), random.nextInt(3) == 0 ? "D" : "B", null));
        }
        List<ListingFact> listings = random.nextInt(15) == 0
                ? List.of(new ListingFact(LocalDate.of(2022, 1, 1).plusDays(random.nextInt(900)), null, null))
                : List.of();
        List<DeregistrationFact> deregistrations =
                random.nextInt(25) == 0 ? List.of(new DeregistrationFact(LocalDate.of(2024, 6, 1), null)) : List.of();
        return new FactsSnapshot("E" + i, profiles, filings, certificates, ratings, listings, deregistrations);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static BigDecimal money(Random random, int maxYuan) {
        return BigDecimal.valueOf(random.nextLong(maxYuan * 100L), 2);
    }

    private static BigDecimal signedMoney(Random random, int maxYuan) {
        return random.nextInt(6) == 0 ? money(random, maxYuan).negate() : money(random, maxYuan);
    }
}
