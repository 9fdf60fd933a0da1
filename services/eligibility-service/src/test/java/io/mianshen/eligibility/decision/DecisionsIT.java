package io.mianshen.eligibility.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.contracts.EventContract;
import io.mianshen.eligibility.Feeds;
import io.mianshen.testsupport.RealInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Fact events in, decision events out on benefit.decisions.v1, for every policy of the pack. */
@SpringBootTest
@RealInfrastructure(database = "eligibility")
class DecisionsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final EventContract CONTRACT = EventContract.load();
    private static Feeds feeds;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void connect() {
        feeds = new Feeds();
    }

    @AfterAll
    static void disconnect() {
        feeds.close();
    }

    /** A small Jinan software firm, tech SME in 2023, first certified High-Tech on 2023-12-08. */
    private static String jinanTechFirm() {
        String uscc = Feeds.newUscc();
        feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
        feeds.filing(uscc, 2022, "T22-" + uscc, null, "2850000.00", "5100000.00");
        feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "6300000.00");
        feeds.certificate(uscc, "TECH_SME", "TS23-" + uscc, "2023-04-01", "2023-12-31");
        feeds.certificate(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2023-12-08", "2026-12-07");
        feeds.rating(uscc, 2023, "A");
        return uscc;
    }

    @Test
    void decidesEveryPolicyOfThePackWithoutAnApplication() {
        String uscc = jinanTechFirm();

        Map<String, String> expected = Map.of(
                "rd-super-deduction FY2022", "2137500.00", // 75%: not manufacturing, no tech-SME registration in 2022
                "rd-super-deduction FY2023", "4100000.00", // 100% for all from FY2023
                "hnte-income-tax-rate FY2023", "630000.00", // certificate valid on 31 Dec 2023
                "rd-post-subsidy FY2023", "125000.00", // 10% of the 1,250,000.00 increase; beats the city reward
                "sme-to-hnte-reward ONCE", "100000.00",
                "innovation-voucher Y2023", "50000.00");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(uscc)).isEqualTo(expected));

        JsonNode grant = lastOf(uscc, "rd-post-subsidy", "FY2023");
        assertThat(grant.get("type").asString()).isEqualTo("gov.benefit.granted.v1");
        assertThat(CONTRACT.validateEvent(grant, "benefit.decisions.v1", uscc)).isEmpty();
        JsonNode data = grant.get("data");
        assertThat(data.get("legalBasis").get("document").asString()).isEqualTo("鲁科字〔2023〕16号");
        assertThat(data.get("benefitKind").asString()).isEqualTo("CASH_SUBSIDY");
        assertThat(data.get("explanation").get("summaryZh").asString())
                .isEqualTo("贵单位2023年度研发费用较上年增长1,250,000.00元，按10%（上限1,000,000.00元）给予研发投入后补助125,000.00元");
        assertThat(data.get("basedOn").toString()).contains("/feeds/test/370000");
        assertThat(jdbc.sql(
                                "SELECT standing FROM evaluation WHERE uscc = ? AND policy_id = 'city-rd-increment-reward' AND period = 'FY2023'")
                        .param(uscc)
                        .query(String.class)
                        .single())
                .isEqualTo("SUPERSEDED");
        // FY2024: still High-Tech, but no FY2024 filing yet: stored as undetermined, decided when it arrives
        assertThat(jdbc.sql(
                                "SELECT outcome FROM evaluation WHERE uscc = ? AND policy_id = 'rd-post-subsidy' AND period = 'FY2024'")
                        .param(uscc)
                        .query(String.class)
                        .single())
                .isEqualTo("UNDETERMINED");
    }

    @Test
    void anAmendedFilingAdjustsTheSubsidy() {
        String uscc = jinanTechFirm();
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(feeds.liveOf(uscc)).containsEntry("rd-post-subsidy FY2023", "125000.00"));
        String granted = lastOf(uscc, "rd-post-subsidy", "FY2023").get("id").asString();

        feeds.filing(uscc, 2023, "T23A-" + uscc, "T23-" + uscc, "3850000.00", "6300000.00");

        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(feeds.liveOf(uscc)).containsEntry("rd-post-subsidy FY2023", "100000.00"));
        JsonNode adjusted = lastOf(uscc, "rd-post-subsidy", "FY2023");
        assertThat(adjusted.get("type").asString()).isEqualTo("gov.benefit.adjusted.v1");
        assertThat(adjusted.get("data").get("supersedes").asString()).isEqualTo(granted);
        assertThat(adjusted.get("data").get("previousAmount").asString()).isEqualTo("125000.00");
        assertThat(feeds.liveOf(uscc)).containsEntry("rd-super-deduction FY2023", "3850000.00");
    }

    @Test
    void revokesTheRewardWhenTheFirstCertificateIsRevokedWithinThreeYears() {
        String uscc = jinanTechFirm();
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(feeds.liveOf(uscc)).containsEntry("sme-to-hnte-reward ONCE", "100000.00"));
        String granted = lastOf(uscc, "sme-to-hnte-reward", "ONCE").get("id").asString();

        feeds.revocation(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2025-06-30");

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(uscc)).doesNotContainKey("sme-to-hnte-reward ONCE"));
        JsonNode revoked = lastOf(uscc, "sme-to-hnte-reward", "ONCE");
        assertThat(revoked.get("type").asString()).isEqualTo("gov.benefit.revoked.v1");
        assertThat(revoked.get("data").get("revokes").asString()).isEqualTo(granted);
        assertThat(revoked.get("data").get("recoverAmount").asString()).isEqualTo("100000.00");
        assertThat(revoked.get("data").get("reason").asString()).contains("3年内未被撤销");
        // the High-Tech relief of 2023 stands: the certificate was valid on 31 December 2023
        assertThat(feeds.liveOf(uscc)).containsEntry("hnte-income-tax-rate FY2023", "630000.00");
    }

    @Test
    void theExclusiveGroupGrantsOnlyTheHigherReward() {
        String uscc = Feeds.newUscc();
        feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
        feeds.filing(uscc, 2022, "T22-" + uscc, null, "2850000.00", "100.00");
        feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "100.00");
        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(feeds.liveOf(uscc)).containsEntry("city-rd-increment-reward FY2023", "62500.00"));

        feeds.certificate(uscc, "TECH_SME", "TS23-" + uscc, "2023-04-01", "2023-12-31");

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(uscc))
                        .containsEntry("rd-post-subsidy FY2023", "125000.00")
                        .doesNotContainKey("city-rd-increment-reward FY2023"));
        JsonNode revoked = lastOf(uscc, "city-rd-increment-reward", "FY2023");
        assertThat(revoked.get("data").get("reason").asString()).contains("就高不重复");
        assertThat(revoked.get("data").get("recoverAmount").asString()).isEqualTo("62500.00");
    }

    @Test
    void redeliveredEventsMakeNoSecondDecision() {
        String uscc = Feeds.newUscc();
        String registered = feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
        String filing = feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "100.00");
        String certificate = feeds.certificate(uscc, "TECH_SME", "TS23-" + uscc, "2023-04-01", "2023-12-31");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(uscc))
                        .containsEntry("rd-super-deduction FY2023", "4100000.00")
                        .containsEntry("innovation-voucher Y2023", "50000.00"));
        int decisions = decisionRows(uscc);

        // the same events again (same source and id), then one new event per topic behind them
        feeds.publish(
                "gov.enterprise.registered.v1",
                uscc,
                "2016-05-12T09:00:00+08:00",
                Map.of(
                        "name",
                        "测试企业" + uscc.substring(10),
                        "region",
                        "370102",
                        "industry",
                        "I6510",
                        "sizeClass",
                        "SMALL",
                        "establishedOn",
                        "2016-05-12"),
                registered);
        feeds.publish("gov.tax.annual-filing.v1", uscc, "2024-05-20T10:00:00+08:00", filingData(uscc), filing);
        feeds.publish(
                "gov.sci.certification.granted.v1",
                uscc,
                "2023-04-01T09:00:00+08:00",
                Map.of(
                        "kind",
                        "TECH_SME",
                        "certificateNo",
                        "TS23-" + uscc,
                        "issuedOn",
                        "2023-04-01",
                        "validUntil",
                        "2023-12-31"),
                certificate);
        List<String> sentinels = List.of(
                feeds.rating(uscc, 2019, "A"),
                feeds.certificate(uscc, "PROVINCIAL_RD_CENTER", "RD-" + uscc, "2019-01-01", "2019-12-31"),
                feeds.publish(
                        "gov.enterprise.changed.v1",
                        uscc,
                        "2016-05-12T09:00:01+08:00",
                        Map.of(
                                "name",
                                "测试企业" + uscc.substring(10),
                                "region",
                                "370102",
                                "industry",
                                "I6510",
                                "sizeClass",
                                "SMALL",
                                "establishedOn",
                                "2016-05-12")));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(jdbc.sql("SELECT count(*) FROM fact_event WHERE event_id IN (:ids)")
                                .param("ids", sentinels)
                                .query(Integer.class)
                                .single())
                        .isEqualTo(3));
        assertThat(decisionRows(uscc)).isEqualTo(decisions);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE record_key = ? AND topic = 'benefit.decisions.v1'")
                        .param(uscc)
                        .query(Integer.class)
                        .single())
                .isEqualTo(decisions);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.decisionsOf(uscc)).hasSize(decisions));
    }

    private static Map<String, Object> filingData(String uscc) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("fiscalYear", 2023);
        data.put("filingId", "T23-" + uscc);
        data.put("amendsFilingId", null);
        data.put("revenue", "52000000.00");
        data.put("rdExpense", "4100000.00");
        data.put("taxableIncome", "100.00");
        data.put("employees", 120);
        data.put("filedOn", "2024-05-20");
        return data;
    }

    private int decisionRows(String uscc) {
        return jdbc.sql("SELECT count(*) FROM decision WHERE uscc = ?")
                .param(uscc)
                .query(Integer.class)
                .single();
    }

    private static JsonNode lastOf(String uscc, String policyId, String period) {
        List<JsonNode> events = feeds.decisionsOf(uscc).stream()
                .filter(e -> e.get("data").get("policyId").asString().equals(policyId)
                        && e.get("data").get("period").asString().equals(period))
                .toList();
        assertThat(events).as("decision events of %s %s", policyId, period).isNotEmpty();
        return events.get(events.size() - 1);
    }
}
