package io.mianshen.eligibility.decision.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.mianshen.eligibility.decision.round.Ledger.Certificate;
import io.mianshen.eligibility.decision.round.Ledger.Deregistration;
import io.mianshen.eligibility.decision.round.Ledger.Fact;
import io.mianshen.eligibility.decision.round.Ledger.Filing;
import io.mianshen.eligibility.decision.round.Ledger.Profile;
import io.mianshen.eligibility.decision.round.Ledger.Rating;
import io.mianshen.eligibility.decision.round.Ledger.Revocation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * policies.md: "the same events in any order give the same live decisions". For generated enterprises (profiles that
 * change size, filings with late duplicates, High-Tech certificates with renewals and revocations, tech-SME
 * registrations corrected to other years, ratings, deregistrations), any permutation of their facts, decided after
 * each fact as the service does, ends in the live decisions of the natural order, and in those of one round on all
 * the facts at once.
 */
class OrderIndependenceTest {

    private static final String USCC = "91370102MA3C5LXX9Q";

    @Test
    void anyOrderOfAnEnterprisesFactsEndsInTheSameLiveDecisions() {
        qt().withFixedSeed(Long.getLong("mianshen.property.seed", 20_261_202L))
                .withExamples(Integer.getInteger("mianshen.property.examples", 200))
                .forAll(longs().all())
                .checkAssert(seed -> {
                    Random random = new Random(seed);
                    List<Fact> history = history(random);
                    List<Fact> shuffled = new ArrayList<>(history);
                    Collections.shuffle(shuffled, random);

                    Ledger natural = Ledger.bundled();
                    history.forEach(natural::receive);
                    Ledger permuted = Ledger.bundled();
                    shuffled.forEach(permuted::receive);
                    Ledger atOnce = Ledger.bundled();
                    atOnce.receiveAll(history);

                    assertThat(permuted.liveOf(USCC))
                            .as("seed %d, facts in the order %s", seed, shuffled)
                            .isEqualTo(natural.liveOf(USCC))
                            .isEqualTo(atOnce.liveOf(USCC));
                });
    }

    @Test
    void theGeneratedHistoriesReachEveryPolicy() {
        // the property above means something only if the histories grant each policy of the pack now and then
        TreeSet<String> granted = new TreeSet<>();
        Random random = new Random(7);
        for (int i = 0; i < 150; i++) {
            Ledger ledger = Ledger.bundled();
            ledger.receiveAll(history(random));
            ledger.liveOf(USCC).keySet().forEach(key -> granted.add(key.substring(0, key.indexOf(' '))));
        }
        assertThat(granted)
                .containsExactlyInAnyOrder(
                        "rd-super-deduction",
                        "hnte-income-tax-rate",
                        "rd-post-subsidy",
                        "city-rd-increment-reward",
                        "sme-to-hnte-reward",
                        "innovation-voucher");
    }

    /** One enterprise's facts in their natural order. */
    static List<Fact> history(Random random) {
        List<Fact> facts = new ArrayList<>();
        List<String> sizes = List.of("MICRO", "SMALL", "MEDIUM", "LARGE");
        List<String> industries = List.of("C3511", "I6510", "F5131", "C3911");
        String region = random.nextBoolean() ? "370102" : "370211";
        String industry = industries.get(random.nextInt(industries.size()));
        TreeSet<LocalDate> profileDates = new TreeSet<>();
        profileDates.add(LocalDate.of(2016, 5, 12));
        for (int i = random.nextInt(3); i > 0; i--) {
            profileDates.add(LocalDate.of(2019 + random.nextInt(6), 1 + random.nextInt(12), 1 + random.nextInt(28)));
        }
        profileDates.forEach(
                date -> facts.add(new Profile(USCC, date, region, industry, sizes.get(random.nextInt(sizes.size())))));
        for (int year = 2021; year <= 2024; year++) {
            if (random.nextInt(10) < 7) {
                facts.add(filing(random, year, "T" + year));
                if (random.nextInt(5) == 0) {
                    facts.add(filing(random, year, "T" + year + "-late"));
                }
            }
        }
        int sent = 0;
        for (int i = random.nextInt(3); i > 0; i--) {
            LocalDate issued = LocalDate.of(2019 + random.nextInt(7), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String number = "GR-" + i;
            facts.add(new Certificate(
                    USCC,
                    "HIGH_TECH_ENTERPRISE",
                    number,
                    issued,
                    issued.plusYears(3).minusDays(1),
                    ++sent));
            if (random.nextInt(3) == 0) {
                facts.add(new Revocation(
                        USCC, "HIGH_TECH_ENTERPRISE", number, issued.plusDays(1 + random.nextInt(1500))));
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            int year = 2021 + random.nextInt(5);
            String number = "TS-" + i;
            facts.add(new Certificate(
                    USCC, "TECH_SME", number, LocalDate.of(year, 4, 1), LocalDate.of(year, 12, 31), ++sent));
            if (random.nextInt(3) == 0) {
                int corrected = 2021 + random.nextInt(5);
                facts.add(new Certificate(
                        USCC,
                        "TECH_SME",
                        number,
                        LocalDate.of(corrected, 4, 1),
                        LocalDate.of(corrected, 12, 31),
                        ++sent));
            }
        }
        for (int year = 2022; year <= 2024; year++) {
            if (random.nextInt(4) == 0) {
                facts.add(new Rating(USCC, year, random.nextBoolean() ? "D" : "B"));
            }
        }
        if (random.nextInt(10) == 0) {
            facts.add(new Deregistration(USCC, LocalDate.of(2023 + random.nextInt(3), 1 + random.nextInt(12), 1)));
        }
        return facts;
    }

    private static Filing filing(Random random, int year, String id) {
        BigDecimal rd = BigDecimal.valueOf(random.nextInt(600_000_000), 2);
        BigDecimal taxable = BigDecimal.valueOf(random.nextInt(1_200_000_000) - 200_000_000L, 2);
        return new Filing(USCC, year, id, rd.toPlainString(), taxable.toPlainString());
    }
}
