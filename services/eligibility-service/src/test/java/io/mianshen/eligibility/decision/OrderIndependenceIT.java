package io.mianshen.eligibility.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.testsupport.RealInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The same facts, published in different orders across the three fact topics, end in the same live
 * decisions (the history on the way may differ).
 */
@SpringBootTest
@RealInfrastructure(database = "eligibility")
class OrderIndependenceIT {

    /** One enterprise's history: registration, a size change, filings with an amendment, certificates, a revocation, a rating, a listing. */
    static final List<BiConsumer<Feeds, String>> FACTS = List.of(
            (feeds, uscc) -> feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00"),
            (feeds, uscc) -> feeds.publish(
                    "gov.enterprise.changed.v1",
                    uscc,
                    "2024-03-01T09:00:00+08:00",
                    Map.of(
                            "name",
                            "测试企业",
                            "region",
                            "370102",
                            "industry",
                            "I6510",
                            "sizeClass",
                            "MEDIUM",
                            "establishedOn",
                            "2016-05-12")),
            (feeds, uscc) -> feeds.filing(uscc, 2022, "T22-" + uscc, null, "2850000.00", "5100000.00"),
            (feeds, uscc) -> feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "6300000.00"),
            (feeds, uscc) -> feeds.filing(uscc, 2023, "T23A-" + uscc, "T23-" + uscc, "3850000.00", "6300000.00"),
            (feeds, uscc) -> feeds.certificate(uscc, "TECH_SME", "TS23-" + uscc, "2023-04-01", "2023-12-31"),
            (feeds, uscc) -> feeds.certificate(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2023-12-08", "2026-12-07"),
            (feeds, uscc) -> feeds.revocation(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2025-06-30"),
            (feeds, uscc) -> feeds.rating(uscc, 2023, "B"),
            (feeds, uscc) -> feeds.publish(
                    "gov.enterprise.credit-listed.v1",
                    uscc,
                    "2024-05-01T09:00:00+08:00",
                    Map.of("list", "SERIOUS_DISHONESTY", "listedOn", "2024-05-01")),
            (feeds, uscc) -> feeds.publish(
                    "gov.enterprise.credit-listed.v1",
                    uscc,
                    "2024-06-01T09:00:00+08:00",
                    Map.of("list", "SERIOUS_DISHONESTY", "listedOn", "2024-05-01", "delistedOn", "2024-06-01")));

    static final Map<String, String> EXPECTED = Map.of(
            "rd-super-deduction FY2022", "2137500.00",
            "rd-super-deduction FY2023", "3850000.00", // the amended filing
            "hnte-income-tax-rate FY2023", "630000.00", // revoked in 2025: still valid on 31 Dec 2023
            "rd-post-subsidy FY2023", "100000.00", // 10% of the amended 1,000,000.00 increase
            "innovation-voucher Y2023", "50000.00"); // SMALL on 31 Dec 2023; the reward is revoked within 3 years

    /**
     * History that arrives late: a High-Tech certificate (revoked within a year) after its renewal, a tech-SME registration
     * corrected by its feed to another year, an amendment before the filing it amends.
     */
    static final List<BiConsumer<Feeds, String>> LATE_HISTORY = List.of(
            (feeds, uscc) -> feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00"),
            (feeds, uscc) -> feeds.filing(uscc, 2022, "T22-" + uscc, null, "2850000.00", "5100000.00"),
            (feeds, uscc) -> feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "6300000.00"),
            (feeds, uscc) -> feeds.filing(uscc, 2023, "T23A-" + uscc, "T23-" + uscc, "3850000.00", "6300000.00"),
            (feeds, uscc) ->
                    feeds.certificate(uscc, "HIGH_TECH_ENTERPRISE", "GR-A-" + uscc, "2021-01-28", "2024-01-27"),
            (feeds, uscc) -> feeds.revocation(uscc, "HIGH_TECH_ENTERPRISE", "GR-A-" + uscc, "2022-01-13"),
            (feeds, uscc) ->
                    feeds.certificate(uscc, "HIGH_TECH_ENTERPRISE", "GR-B-" + uscc, "2024-01-28", "2027-01-27"),
            (feeds, uscc) -> feeds.certificate(uscc, "TECH_SME", "TS-" + uscc, "2023-04-01", "2023-12-31"),
            (feeds, uscc) -> feeds.certificate(uscc, "TECH_SME", "TS-" + uscc, "2024-04-01", "2024-12-31"));

    /**
     * No reward (the first certificate predates the measures; the renewal grants nothing), no voucher for 2023 (the
     * registration was corrected to 2024), no post-subsidy for 2023 (no certificate valid in it), so the city's
     * increment reward is not superseded.
     */
    static final Map<String, String> EXPECTED_AFTER_LATE_HISTORY = Map.of(
            "rd-super-deduction FY2022", "2137500.00",
            "rd-super-deduction FY2023", "3850000.00",
            "city-rd-increment-reward FY2023", "50000.00",
            "innovation-voucher Y2024", "50000.00");

    @Autowired
    JdbcClient jdbc;

    @Test
    void lateHistoryNewestFirstOrShuffledEndsInTheLiveDecisionsOfTheNaturalOrder() {
        List<String> enterprises = new ArrayList<>();
        try (Feeds feeds = new Feeds()) {
            List<List<BiConsumer<Feeds, String>>> orders = new ArrayList<>();
            orders.add(LATE_HISTORY);
            List<BiConsumer<Feeds, String>> newestFirst = new ArrayList<>(LATE_HISTORY);
            Collections.reverse(newestFirst);
            orders.add(newestFirst);
            for (long seed : new long[] {4, 5}) {
                List<BiConsumer<Feeds, String>> shuffled = new ArrayList<>(LATE_HISTORY);
                Collections.shuffle(shuffled, new Random(seed));
                orders.add(shuffled);
            }
            for (List<BiConsumer<Feeds, String>> order : orders) {
                String uscc = Feeds.newUscc();
                enterprises.add(uscc);
                order.forEach(fact -> fact.accept(feeds, uscc));
            }
            for (String uscc : enterprises) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(feeds.liveOf(uscc)).as(uscc).isEqualTo(EXPECTED_AFTER_LATE_HISTORY));
            }
            // the renewal decided before the first certificate arrives: the reward granted on it is revoked, asked
            // back, and why
            String renewalFirst = Feeds.newUscc();
            LATE_HISTORY.get(0).accept(feeds, renewalFirst);
            LATE_HISTORY.get(6).accept(feeds, renewalFirst);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(feeds.liveOf(renewalFirst))
                            .containsEntry("sme-to-hnte-reward ONCE", "100000.00"));
            LATE_HISTORY.get(4).accept(feeds, renewalFirst);
            LATE_HISTORY.get(5).accept(feeds, renewalFirst);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(feeds.decisionsOf(renewalFirst))
                            .filteredOn(e -> e.get("type").asString().equals("gov.benefit.revoked.v1")
                                    && e.get("data").get("policyId").asString().equals("sme-to-hnte-reward"))
                            .singleElement()
                            .satisfies(revoked -> {
                                assertThat(revoked.get("data")
                                                .get("recoverAmount")
                                                .asString())
                                        .isEqualTo("100000.00");
                                assertThat(revoked.get("data").get("reason").asString())
                                        .contains("GR-A-" + renewalFirst)
                                        .contains("2021-01-28");
                            }));
            assertThat(feeds.liveOf(renewalFirst)).doesNotContainKey("sme-to-hnte-reward ONCE");
        }
    }

    @Test
    void theSameFactsInAnyOrderGiveTheSameLiveDecisions() {
        List<String> enterprises = new ArrayList<>();
        try (Feeds feeds = new Feeds()) {
            for (long seed : new long[] {1, 2, 3}) {
                String uscc = Feeds.newUscc();
                enterprises.add(uscc);
                List<BiConsumer<Feeds, String>> shuffled = new ArrayList<>(FACTS);
                Collections.shuffle(shuffled, new Random(seed));
                shuffled.forEach(fact -> fact.accept(feeds, uscc));
            }
            for (String uscc : enterprises) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(feeds.liveOf(uscc)).isEqualTo(EXPECTED));
            }
        }
        List<String> live = enterprises.stream()
                .map(uscc -> jdbc.sql("""
                        SELECT string_agg(policy_id || ' ' || period || ' ' || amount, ', ' ORDER BY policy_id, period)
                        FROM decision WHERE uscc = ? AND live""").param(uscc).query(String.class).single())
                .toList();
        assertThat(live).containsOnly(live.get(0));
    }
}
