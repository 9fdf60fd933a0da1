package io.mianshen.audit.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mianshen.audit.AuditEvents;
import io.mianshen.policy.PolicyPack;
import io.mianshen.testsupport.BenefitEvents;
import io.mianshen.testsupport.EventFeed;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Decisions and notices into the ledger, and what auditors get out of it, through the API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(database = "audit", appRole = "audit_app")
class AuditIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void decisionsAreSearchableWithTotalsPerPolicyAndPeriod() {
        String policy = "audit-test-" + EventFeed.newUscc().substring(8).toLowerCase(Locale.ROOT);
        String first = EventFeed.newUscc();
        String second = EventFeed.newUscc();
        try (AuditEvents events = new AuditEvents()) {
            ObjectNode grantedFirst = events.granted(first, policy, "FY2023", "100000.00");
            ObjectNode grantedSecond = events.granted(second, policy, "FY2023", "50000.00");
            events.adjusted(grantedFirst, "120000.00");
            events.revoked(grantedSecond, "50000.00");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode t = totals(policy);
                assertThat(t.get("decisions").asInt()).isEqualTo(4);
                assertThat(t.get("granted").asString()).isEqualTo("150000.00");
                assertThat(t.get("adjusted").asString()).isEqualTo("20000.00");
                assertThat(t.get("revoked").asString()).isEqualTo("50000.00");
                assertThat(t.get("net").asString()).isEqualTo("120000.00");
                assertThat(t.get("budget").isNull()).isTrue();
            });
        }
        JsonNode all = auditor()
                .get()
                .uri("/api/audit/decisions?policyId={p}", policy)
                .retrieve()
                .body(JsonNode.class);
        assertThat(all.get("decisions").findValuesAsString("type"))
                .containsExactly(
                        "gov.benefit.granted.v1",
                        "gov.benefit.granted.v1",
                        "gov.benefit.adjusted.v1",
                        "gov.benefit.revoked.v1");
        assertThat(auditor()
                        .get()
                        .uri("/api/audit/decisions?policyId={p}&uscc={u}&type=adjusted", policy, first)
                        .retrieve()
                        .body(JsonNode.class)
                        .get("decisions")
                        .findValuesAsString("amount"))
                .containsExactly("120000.00");
        assertThat(auditor()
                        .get()
                        .uri("/api/audit/decisions?policyId={p}&minAmount=110000", policy)
                        .retrieve()
                        .body(JsonNode.class)
                        .get("decisions")
                        .findValuesAsString("amount"))
                .containsExactly("120000.00");

        JsonNode page1 = auditor()
                .get()
                .uri("/api/audit/decisions?policyId={p}&limit=2", policy)
                .retrieve()
                .body(JsonNode.class);
        JsonNode page2 = auditor()
                .get()
                .uri(
                        "/api/audit/decisions?policyId={p}&limit=2&cursor={c}",
                        policy,
                        page1.get("next").asString())
                .retrieve()
                .body(JsonNode.class);
        assertThat(page2.get("next").isNull()).isTrue();
        List<String> paged = new java.util.ArrayList<>(page1.get("decisions").findValuesAsString("decisionId"));
        paged.addAll(page2.get("decisions").findValuesAsString("decisionId"));
        assertThat(paged).containsExactlyElementsOf(all.get("decisions").findValuesAsString("decisionId"));

        assertThat(jdbc.sql(
                                "SELECT rows_returned FROM auditor_query WHERE subject = 'auditor-1' AND query = 'decisions' AND filter = ?")
                        .param("policyId=" + policy)
                        .query(Long.class)
                        .list())
                .contains(4L);
    }

    @Test
    void totalsOfABudgetedPolicyShowWhatIsLeft() {
        BigDecimal budget = PolicyPack.bundled()
                .policy("innovation-voucher")
                .orElseThrow()
                .budgetPerPeriod()
                .orElseThrow();
        try (AuditEvents events = new AuditEvents()) {
            events.granted(EventFeed.newUscc(), "innovation-voucher", "Y2031", "30000.00");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode t = totals("innovation-voucher", "Y2031");
                assertThat(t.get("net").asString()).isEqualTo("30000.00");
                assertThat(t.get("budget").asString())
                        .isEqualTo(budget.setScale(2).toPlainString());
                assertThat(t.get("budgetRemaining").asString())
                        .isEqualTo(budget.subtract(new BigDecimal("30000.00"))
                                .setScale(2)
                                .toPlainString());
            });
        }
    }

    @Test
    void aRepeatedEventIsOneEntry() {
        String uscc = EventFeed.newUscc();
        try (AuditEvents events = new AuditEvents()) {
            ObjectNode granted = events.granted(uscc, "rd-post-subsidy", "FY2024", "80000.00");
            events.repeat(granted);
            events.repeat(granted);
            ObjectNode marker = events.delivered(granted, "INBOX");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> entries(marker.get("id").asString()) == 1);
            assertThat(entries(granted.get("id").asString())).isEqualTo(1);
        }
    }

    @Test
    void aPublishedGrantsHistoryShowsEachStepOfPublicityAndReviewInLedgerOrder() {
        String uscc = EventFeed.newUscc();
        try (AuditEvents events = new AuditEvents()) {
            ObjectNode granted = events.granted(uscc, "rd-post-subsidy", "FY2023", "125000.00");
            events.publicity("gov.publicity.opened.v1", granted);
            events.publicity("gov.publicity.objection-received.v1", granted);
            ObjectNode ruled = events.publicity("gov.publicity.ruled.v1", granted);
            ObjectNode revoked = events.revoked(granted, "0.00");

            JsonNode history = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> auditor()
                                    .get()
                                    .uri(
                                            "/api/audit/decisions/{id}",
                                            granted.get("id").asString())
                                    .retrieve()
                                    .body(JsonNode.class),
                            h -> h.has("timeline") && h.get("timeline").size() == 5);
            assertThat(history.get("publicity").findValuesAsString("type"))
                    .containsExactly(
                            "gov.publicity.opened.v1", "gov.publicity.objection-received.v1", "gov.publicity.ruled.v1");
            assertThat(history.get("publicity")
                            .get(2)
                            .get("data")
                            .get("rulingId")
                            .asString())
                    .isEqualTo(ruled.get("data").get("rulingId").asString());
            assertThat(history.get("timeline").findValuesAsString("type"))
                    .containsExactly(
                            "gov.benefit.granted.v1",
                            "gov.publicity.opened.v1",
                            "gov.publicity.objection-received.v1",
                            "gov.publicity.ruled.v1",
                            "gov.benefit.revoked.v1");
            assertThat(history.get("timeline").get(4).get("decisionId").asString())
                    .isEqualTo(revoked.get("id").asString());
        }
    }

    @Test
    void aDecisionsHistoryHasItsAdjustmentRevocationNoticesAndObjections() {
        String uscc = EventFeed.newUscc();
        try (AuditEvents events = new AuditEvents()) {
            ObjectNode granted = events.granted(uscc, "rd-post-subsidy", "FY2023", "150000.00");
            events.delivered(granted, "INBOX");
            ObjectNode adjusted = events.adjusted(granted, "125000.00");
            events.objection(adjusted, "我单位研发费用应为4,600,000.00元，请复核。");
            ObjectNode revoked = events.revoked(adjusted, "125000.00");

            JsonNode history = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> auditor()
                                    .get()
                                    .uri(
                                            "/api/audit/decisions/{id}",
                                            granted.get("id").asString())
                                    .retrieve()
                                    .body(JsonNode.class),
                            h -> h.has("objections")
                                    && h.get("objections").size() == 1
                                    && h.get("history").size() == 3);
            assertThat(history.get("history").findValuesAsString("decisionId"))
                    .containsExactly(
                            granted.get("id").asString(),
                            adjusted.get("id").asString(),
                            revoked.get("id").asString());
            assertThat(history.get("history").get(2).get("recoverAmount").asString())
                    .isEqualTo("125000.00");
            assertThat(history.get("explanation").get("outcome").asString()).isEqualTo("ELIGIBLE");
            assertThat(history.get("notices").findValuesAsString("channel")).containsExactly("INBOX");
            assertThat(history.get("objections").get(0).get("data").get("text").asString())
                    .contains("请复核");
        }
        ResponseEntity<JsonNode> missing = auditor()
                .get()
                .uri("/api/audit/decisions/{id}", "no-such-decision")
                .retrieve()
                .toEntity(JsonNode.class);
        assertThat(missing.getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void theApplicationCannotChangeTheLedgerAndVerifyNamesAnEntryASuperuserAltered() throws Exception {
        String uscc = EventFeed.newUscc();
        ObjectNode granted;
        try (AuditEvents events = new AuditEvents()) {
            granted = events.granted(uscc, "rd-post-subsidy", "FY2025", "100000.00");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> entries(granted.get("id").asString()) == 1);
        }
        long sequence = jdbc.sql("SELECT sequence_no FROM ledger_entry WHERE event_id = ?")
                .param(granted.get("id").asString())
                .query(Long.class)
                .single();
        assertThatThrownBy(() -> jdbc.sql("UPDATE ledger_entry SET amount = 1 WHERE sequence_no = ?")
                        .param(sequence)
                        .update())
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM ledger_entry WHERE sequence_no = ?")
                        .param(sequence)
                        .update())
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThat(verify().get("intact").asBoolean()).isTrue();

        var database = TestInfrastructure.database("audit");
        try (Connection superuser =
                DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            var update = superuser.prepareStatement(
                    "UPDATE ledger_entry SET event = replace(event, '\"100000.00\"', '\"900000.00\"') WHERE sequence_no = ?");
            update.setLong(1, sequence);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        JsonNode broken = verify();
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("firstBroken").asLong()).isEqualTo(sequence);
        assertThat(broken.get("detail").asString()).contains("hash");
        assertThat(RestClient.create("http://localhost:" + port)
                        .get()
                        .uri("/actuator/prometheus")
                        .header("Authorization", "Bearer " + TestTokens.operator())
                        .retrieve()
                        .body(String.class))
                .contains("mianshen_ledger_verification_intact 0.0")
                .contains("mianshen_ledger_entries");
    }

    @Test
    void aGrantForgedOnTheDecisionTopicByAnotherProducerNeverEntersTheLedger() {
        String uscc = EventFeed.newUscc();
        ObjectNode forged = BenefitEvents.granted(uscc, "sme-to-hnte-reward", "Y2024", "100000.00");
        forged.put("source", "/feeds/tax/370000");
        ObjectNode genuine;
        try (EventFeed feed = new EventFeed();
                AuditEvents events = new AuditEvents()) {
            feed.send("benefit.decisions.v1", uscc, forged.toString().getBytes(StandardCharsets.UTF_8));
            genuine = events.granted(uscc, "rd-post-subsidy", "FY2025", "1000.00");
        }
        // the same key, so the same partition: the forgery was read before the genuine grant
        await().atMost(Duration.ofSeconds(30))
                .until(() -> entries(genuine.get("id").asString()) == 1);
        assertThat(entries(forged.get("id").asString())).isZero();
        assertThat(auditor()
                        .get()
                        .uri("/api/audit/decisions?uscc={u}", uscc)
                        .retrieve()
                        .body(JsonNode.class)
                        .get("decisions")
                        .findValuesAsString("policyId"))
                .containsExactly("rd-post-subsidy");
    }

    @Test
    void theCsvExportHasItsColumnsAndKeepsChinese() {
        String uscc = EventFeed.newUscc();
        try (AuditEvents events = new AuditEvents()) {
            events.granted(uscc, "rd-post-subsidy", "FY2023", "150000.00");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> csv("?uscc=" + uscc).lines().count() == 2);
        }
        byte[] bytes = auditor()
                .get()
                .uri("/api/audit/decisions.csv?uscc={u}", uscc)
                .retrieve()
                .body(byte[].class);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        List<String> lines =
                new String(bytes, StandardCharsets.UTF_8).substring(1).lines().toList();
        assertThat(lines.get(0))
                .isEqualTo(
                        "sequence,decided_at,type,decision_id,uscc,enterprise_name,policy_id,period,amount,previous_amount,"
                                + "recover_amount,related_decision_id,reason,entry_hash");
        // identifiers as ="..." cells, which a spreadsheet opens as text
        assertThat(lines.get(1))
                .contains(",gov.benefit.granted.v1,\"=\"\"")
                .contains(",\"=\"\"" + uscc + "\"\"\",济南示例科技有限公司,rd-post-subsidy,FY2023,150000.00,");
    }

    @Test
    void onlyAuditorsGetIn() {
        for (String token :
                List.of(TestTokens.enterprise(EventFeed.newUscc()), TestTokens.feed(), TestTokens.policyAdmin())) {
            ResponseEntity<String> refused =
                    as(token).get().uri("/api/audit/decisions").retrieve().toEntity(String.class);
            assertThat(refused.getStatusCode().value()).isEqualTo(403);
            assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
            assertThat(as(token)
                            .post()
                            .uri("/api/audit/verify")
                            .retrieve()
                            .toEntity(String.class)
                            .getStatusCode()
                            .value())
                    .isEqualTo(403);
        }
        assertThat(RestClient.builder()
                        .baseUrl("http://localhost:" + port)
                        .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                        .build()
                        .get()
                        .uri("/api/audit/totals")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }

    @Test
    void aBadFilterIsAProblemNamingTheParameter() {
        ResponseEntity<JsonNode> badUscc = auditor()
                .get()
                .uri("/api/audit/decisions?uscc=91370100MA3C0QXJ4G")
                .retrieve()
                .toEntity(JsonNode.class);
        assertThat(badUscc.getStatusCode().value()).isEqualTo(400);
        assertThat(badUscc.getBody().get("parameter").asString()).isEqualTo("uscc");
        assertThat(badUscc.getBody().get("type").asString()).isEqualTo("urn:mianshen:problem:invalid-request");
        assertThat(badUscc.getBody().get("errors").get(0).get("parameter").asString())
                .isEqualTo("uscc");
        ResponseEntity<JsonNode> injection = auditor()
                .get()
                .uri("/api/audit/decisions?policyId={p}", "x' OR '1'='1")
                .retrieve()
                .toEntity(JsonNode.class);
        assertThat(injection.getStatusCode().value()).isEqualTo(400);
        assertThat(injection.getBody().get("parameter").asString()).isEqualTo("policyId");
        assertThat(auditor()
                        .get()
                        .uri("/api/audit/decisions?minAmount=1e9")
                        .retrieve()
                        .toEntity(JsonNode.class)
                        .getBody()
                        .get("parameter")
                        .asString())
                .isEqualTo("minAmount");
    }

    @Test
    void hostileInputsGetA4xxNeverA500AndChangeNothing() {
        long before =
                jdbc.sql("SELECT count(*) FROM ledger_entry").query(Long.class).single();
        for (String hostile : List.of(
                "'; DROP TABLE ledger_entry; --",
                "x' OR '1'='1",
                "\u0000\u0007\u001b[31m",
                "<script>alert(1)</script>",
                "%00",
                "../../etc/passwd",
                "x".repeat(100_000))) {
            for (String uri : List.of(
                    "/api/audit/decisions?uscc={v}",
                    "/api/audit/decisions?policyId={v}",
                    "/api/audit/decisions?decidedFrom={v}",
                    "/api/audit/decisions?minAmount={v}",
                    "/api/audit/decisions?cursor={v}",
                    "/api/audit/decisions/{v}",
                    "/api/audit/totals?period={v}",
                    "/api/audit/decisions.csv?type={v}")) {
                int status = auditor()
                        .get()
                        .uri(uri, hostile)
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value();
                assertThat(status)
                        .as(uri + " with " + hostile.substring(0, Math.min(20, hostile.length())))
                        .isBetween(400, 499);
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry")
                        .query(Long.class)
                        .single())
                .isEqualTo(before);
    }

    private JsonNode totals(String policy) {
        return totals(policy, "FY2023");
    }

    private JsonNode totals(String policy, String period) {
        JsonNode totals = auditor()
                .get()
                .uri("/api/audit/totals?policyId={p}&period={q}", policy, period)
                .retrieve()
                .body(JsonNode.class);
        assertThat(totals.size()).isEqualTo(1);
        return totals.get(0);
    }

    private JsonNode verify() {
        return auditor().post().uri("/api/audit/verify?full=true").retrieve().body(JsonNode.class);
    }

    private String csv(String query) {
        return new String(
                auditor()
                        .get()
                        .uri("/api/audit/decisions.csv" + query)
                        .retrieve()
                        .body(byte[].class),
                StandardCharsets.UTF_8);
    }

    private int entries(String eventId) {
        return jdbc.sql("SELECT count(*) FROM ledger_entry WHERE event_id = ?")
                .param(eventId)
                .query(Integer.class)
                .single();
    }

    @Test
    void theDecisionsWaitingInABudgetQueueAreListedInQueueOrderWithTheirPositionNow() {
        String policy = "audit-queue-" + EventFeed.newUscc().substring(8).toLowerCase(Locale.ROOT);
        String first = EventFeed.newUscc();
        String second = EventFeed.newUscc();
        String third = EventFeed.newUscc();
        try (AuditEvents events = new AuditEvents()) {
            // published out of ticket order: the queue's order is the tickets', as the eligibility service grants it
            events.queued(second, policy, "Y2024", 12, "50000.00", "50000.00");
            ObjectNode queuedFirst = events.queued(first, policy, "Y2024", 11, "50000.00", "50000.00");
            events.queued(third, policy, "Y2024", 13, "50000.00", "20000.00");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(queue(policy).findValuesAsString("uscc")).containsExactly(first, second, third));
            assertThat(queue(policy).findValues("position"))
                    .extracting(JsonNode::asInt)
                    .containsExactly(1, 2, 3);

            events.queueLeft(queuedFirst, true);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(queue(policy).findValuesAsString("uscc")).containsExactly(second, third));
            JsonNode now = queue(policy);
            assertThat(now.findValues("position")).extracting(JsonNode::asInt).containsExactly(1, 2);
            assertThat(now.get(1).get("waitingFor").asString()).isEqualTo("20000.00");
        }
        // entries and exits of a queue move no money
        assertThat(auditor()
                        .get()
                        .uri("/api/audit/totals?policyId={p}", policy)
                        .retrieve()
                        .body(JsonNode.class))
                .isEmpty();
        assertThat(as(TestTokens.enterprise(first))
                        .get()
                        .uri("/api/audit/queue")
                        .retrieve()
                        .toBodilessEntity()
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(jdbc.sql(
                                "SELECT rows_returned FROM auditor_query WHERE subject = 'auditor-1' AND query = 'queue' AND filter = ?")
                        .param("policyId=" + policy + "&period=null")
                        .query(Integer.class)
                        .list())
                .contains(2);
    }

    private JsonNode queue(String policy) {
        return auditor()
                .get()
                .uri("/api/audit/queue?policyId={p}", policy)
                .retrieve()
                .body(JsonNode.class);
    }

    private RestClient auditor() {
        return as(TestTokens.auditor());
    }

    private RestClient as(String token) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build();
    }
}
