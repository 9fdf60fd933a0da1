package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.Feeds;
import io.mianshen.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
            (feeds, uscc) -> feeds.publish("gov.enterprise.changed.v1", uscc, "2024-03-01T09:00:00+08:00", Map.of("name", "测试企业",
                    "region", "370102", "industry", "I6510", "sizeClass", "MEDIUM", "establishedOn", "2016-05-12")),
            (feeds, uscc) -> feeds.filing(uscc, 2022, "T22-" + uscc, null, "2850000.00", "5100000.00"),
            (feeds, uscc) -> feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "6300000.00"),
            (feeds, uscc) -> feeds.filing(uscc, 2023, "T23A-" + uscc, "T23-" + uscc, "3850000.00", "6300000.00"),
            (feeds, uscc) -> feeds.certificate(uscc, "TECH_SME", "TS23-" + uscc, "2023-04-01", "2023-12-31"),
            (feeds, uscc) -> feeds.certificate(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2023-12-08", "2026-12-07"),
            (feeds, uscc) -> feeds.revocation(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2025-06-30"),
            (feeds, uscc) -> feeds.rating(uscc, 2023, "B"),
            (feeds, uscc) -> feeds.publish("gov.enterprise.credit-listed.v1", uscc, "2024-05-01T09:00:00+08:00",
                    Map.of("list", "SERIOUS_DISHONESTY", "listedOn", "2024-05-01")),
            (feeds, uscc) -> feeds.publish("gov.enterprise.credit-listed.v1", uscc, "2024-06-01T09:00:00+08:00",
                    Map.of("list", "SERIOUS_DISHONESTY", "listedOn", "2024-05-01", "delistedOn", "2024-06-01")));

    static final Map<String, String> EXPECTED = Map.of(
            "rd-super-deduction FY2022", "2137500.00",
            "rd-super-deduction FY2023", "3850000.00",        // the amended filing
            "hnte-income-tax-rate FY2023", "630000.00",       // revoked in 2025: still valid on 31 Dec 2023
            "rd-post-subsidy FY2023", "100000.00",            // 10% of the amended 1,000,000.00 increase
            "innovation-voucher Y2023", "50000.00");          // SMALL on 31 Dec 2023; the reward is revoked within 3 years

    @Autowired
    JdbcClient jdbc;

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
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(feeds.liveOf(uscc)).isEqualTo(EXPECTED));
            }
        }
        List<String> live = enterprises.stream().map(uscc -> jdbc.sql("""
                        SELECT string_agg(policy_id || ' ' || period || ' ' || amount, ', ' ORDER BY policy_id, period)
                        FROM decision WHERE uscc = ? AND live""").param(uscc).query(String.class).single()).toList();
        assertThat(live).containsOnly(live.get(0));
    }
}
