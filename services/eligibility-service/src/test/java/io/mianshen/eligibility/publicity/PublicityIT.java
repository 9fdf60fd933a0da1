package io.mianshen.eligibility.publicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publicity list (公示) through the service's own API, after real fact events: a cash grant is published for its
 * working days, a tax benefit is not, the public sees nothing of the enterprise beyond what is published, a grant
 * revoked in its window leaves the list, and one whose window has passed is final.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(database = "eligibility")
class PublicityIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Feeds feeds;

    @LocalServerPort
    int port;

    @Autowired
    WorkingCalendar calendar;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void openFeeds() {
        feeds = new Feeds();
    }

    @AfterAll
    static void closeFeeds() {
        feeds.close();
    }

    /** A small Jinan firm first certified High-Tech on 2023-12-08, with its FY2023 filing. */
    private static String smallFirstCertifiedFirm() {
        String uscc = Feeds.newUscc();
        feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
        feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "6300000.00");
        feeds.certificate(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2023-12-08", "2026-12-07");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(uscc))
                        .containsEntry("sme-to-hnte-reward ONCE", "100000.00")
                        .containsEntry("rd-super-deduction FY2023", "4100000.00"));
        return uscc;
    }

    private RestClient http(String token) {
        RestClient.Builder builder = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {});
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private JsonNode publicList(String query) {
        var response = http(null).get().uri("/api/publicity" + query).retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return JSON.readTree(response.getBody());
    }

    private static List<JsonNode> entriesOf(JsonNode list, String uscc) {
        List<JsonNode> entries = new ArrayList<>();
        list.get("entries").forEach(entry -> {
            if (entry.get("uscc").asString().equals(uscc)) {
                entries.add(entry);
            }
        });
        return entries;
    }

    @Test
    void aCashGrantIsPublishedForFiveWorkingDaysWithoutATokenAndATaxBenefitIsNot() {
        String uscc = smallFirstCertifiedFirm();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

        JsonNode list = publicList("?policyId=sme-to-hnte-reward&period=ONCE&limit=500");
        assertThat(list.get("asOf").asString()).isEqualTo(today.toString());
        List<JsonNode> published = entriesOf(list, uscc);
        assertThat(published).singleElement().satisfies(entry -> {
            assertThat(entry.get("enterpriseName").asString()).isEqualTo("测试企业" + uscc.substring(10));
            assertThat(entry.get("amount").asString()).isEqualTo("100000.00");
            assertThat(entry.get("basisDocument").asString()).isEqualTo("鲁科字〔2023〕16号");
            assertThat(entry.get("basisArticle").asString()).isEqualTo("19");
            assertThat(entry.get("opensOn").asString()).isEqualTo(today.toString());
            assertThat(entry.get("closesOn").asString())
                    .isEqualTo(calendar.workingDaysAfter(today, 5).toString());
            // what Chinese practice publishes, and nothing else of the enterprise: no facts, no explanation, no contact
            assertThat(Set.copyOf(entry.propertyNames()))
                    .isEqualTo(Set.of(
                            "decisionId",
                            "enterpriseName",
                            "uscc",
                            "policyId",
                            "policyVersion",
                            "period",
                            "amount",
                            "basisDocument",
                            "basisArticle",
                            "opensOn",
                            "closesOn"));
        });
        assertThat(entriesOf(publicList("?policyId=rd-super-deduction&limit=500"), uscc))
                .as("a tax benefit is not published")
                .isEmpty();
        assertThat(entriesOf(publicList("?limit=500"), uscc))
                .extracting(e -> e.get("policyId").asString())
                .doesNotContain("rd-super-deduction", "hnte-income-tax-rate")
                .contains("sme-to-hnte-reward");

        // the enterprise sees its grants' status; another enterprise may not
        var status = http(TestTokens.enterprise(uscc))
                .get()
                .uri("/api/decisions/{uscc}/publicity", uscc)
                .retrieve()
                .toEntity(String.class);
        assertThat(status.getStatusCode().value()).isEqualTo(200);
        JsonNode reward = findPolicy(JSON.readTree(status.getBody()), "sme-to-hnte-reward");
        assertThat(reward.get("status").asString()).isEqualTo("IN_PUBLICITY");
        assertThat(reward.get("finalOn").asString())
                .isEqualTo(calendar.workingDaysAfter(today, 5).plusDays(1).toString());
        var other = http(TestTokens.enterprise(Feeds.newUscc()))
                .get()
                .uri("/api/decisions/{uscc}/publicity", uscc)
                .retrieve()
                .toEntity(String.class);
        assertThat(other.getStatusCode().value()).isEqualTo(403);
        assertThat(http(null)
                        .get()
                        .uri("/api/decisions/{uscc}/publicity", uscc)
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }

    @Test
    void aGrantRevokedInItsWindowLeavesTheListAndOneWhoseWindowPassedIsFinal() {
        String revoked = smallFirstCertifiedFirm();
        String passed = smallFirstCertifiedFirm();

        // the certificate revoked within three years: the reward is revoked, and no longer published
        feeds.revocation(revoked, "HIGH_TECH_ENTERPRISE", "GR-" + revoked, "2025-06-30");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(revoked)).doesNotContainKey("sme-to-hnte-reward ONCE"));
        assertThat(entriesOf(publicList("?policyId=sme-to-hnte-reward&limit=500"), revoked))
                .isEmpty();
        JsonNode replaced = findPolicy(
                JSON.readTree(http(TestTokens.auditor())
                        .get()
                        .uri("/api/decisions/{uscc}/publicity", revoked)
                        .retrieve()
                        .body(String.class)),
                "sme-to-hnte-reward");
        assertThat(replaced.get("status").asString()).isEqualTo("REPLACED");

        // a grant decided six weeks ago: its window has closed, it is final and off the list
        assertThat(jdbc.sql("UPDATE publicity SET opens_on = opens_on - 42, closes_on = closes_on - 42 WHERE uscc = ?")
                        .param(passed)
                        .update())
                .isPositive();
        assertThat(entriesOf(publicList("?policyId=sme-to-hnte-reward&limit=500"), passed))
                .isEmpty();
        JsonNode reward = findPolicy(
                JSON.readTree(http(TestTokens.auditor())
                        .get()
                        .uri("/api/decisions/{uscc}/publicity", passed)
                        .retrieve()
                        .body(String.class)),
                "sme-to-hnte-reward");
        assertThat(reward.get("status").asString()).isEqualTo("FINAL");
    }

    private org.springframework.http.ResponseEntity<String> object(
            String decisionId, String name, String contact, String reason) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("contact", contact);
        body.put("reason", reason);
        return http(null)
                .post()
                .uri("/api/publicity/{id}/objections", decisionId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(body))
                .retrieve()
                .toEntity(String.class);
    }

    private String publishedRewardOf(String uscc) {
        return entriesOf(publicList("?policyId=sme-to-hnte-reward&limit=500"), uscc)
                .get(0)
                .get("decisionId")
                .asString();
    }

    @Test
    void anyoneObjectsWithoutATokenDuringTheWindowAndAnObjectedGrantIsUnderReviewWhenItCloses() {
        String objected = smallFirstCertifiedFirm();
        String quiet = smallFirstCertifiedFirm();
        String decisionId = publishedRewardOf(objected);

        var raised = object(decisionId, "张三", "zhangsan@example.cn", "该企业认定时已非中小企业");
        assertThat(raised.getStatusCode().value()).as(raised.getBody()).isEqualTo(201);
        assertThat(JSON.readTree(raised.getBody()).get("decisionId").asString()).isEqualTo(decisionId);
        // the public sees nothing of the objection or the objector
        assertThat(publicList("?policyId=sme-to-hnte-reward&limit=500").toString())
                .doesNotContain("zhangsan")
                .doesNotContain("张三");
        JsonNode during = findPolicy(
                JSON.readTree(http(TestTokens.enterprise(objected))
                        .get()
                        .uri("/api/decisions/{uscc}/publicity", objected)
                        .retrieve()
                        .body(String.class)),
                "sme-to-hnte-reward");
        assertThat(during.get("status").asString()).isEqualTo("IN_PUBLICITY");
        assertThat(during.get("objections").asInt()).isEqualTo(1);

        // both windows pass: the objected grant waits for a ruling, the other is final
        jdbc.sql("UPDATE publicity SET opens_on = opens_on - 42, closes_on = closes_on - 42 WHERE uscc IN (?, ?)")
                .params(objected, quiet)
                .update();
        JsonNode held = findPolicy(
                JSON.readTree(http(TestTokens.auditor())
                        .get()
                        .uri("/api/decisions/{uscc}/publicity", objected)
                        .retrieve()
                        .body(String.class)),
                "sme-to-hnte-reward");
        assertThat(held.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(held.get("finalOn").isNull()).isTrue();
        assertThat(findPolicy(
                                JSON.readTree(http(TestTokens.auditor())
                                        .get()
                                        .uri("/api/decisions/{uscc}/publicity", quiet)
                                        .retrieve()
                                        .body(String.class)),
                                "sme-to-hnte-reward")
                        .get("status")
                        .asString())
                .isEqualTo("FINAL");

        // after the window an objection is refused, naming the window's last day
        var late = object(decisionId, "李四", "13800000000", "迟到的异议");
        assertThat(late.getStatusCode().value()).isEqualTo(409);
        assertThat(late.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        assertThat(JSON.readTree(late.getBody()).get("closesOn").asString())
                .isEqualTo(calendar.workingDaysAfter(LocalDate.now(ZoneId.of("Asia/Shanghai")), 5)
                        .minusDays(42)
                        .toString());
    }

    /** An enterprise's own objection to its notice as the notification service publishes it (or a forger, from another source). */
    private static void enterpriseObjection(
            String source, String objectionId, String decisionId, String uscc, java.time.OffsetDateTime raisedAt) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("objectionId", objectionId);
        data.put("noticeId", java.util.UUID.randomUUID().toString());
        data.put("decisionId", decisionId);
        data.put("uscc", uscc);
        data.put("text", "我单位对该决定有异议");
        data.put("raisedAt", raisedAt.toString());
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", java.util.UUID.randomUUID().toString());
        event.put("source", source);
        event.put("type", "gov.notice.objection-raised.v1");
        event.put("subject", uscc);
        event.put("time", raisedAt.toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                Map.of(
                        org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        io.mianshen.testsupport.TestInfrastructure.get().kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var record = new org.apache.kafka.clients.producer.ProducerRecord<>(
                    "notices.v1", uscc, JSON.writeValueAsBytes(event));
            record.headers()
                    .add(
                            "content-type",
                            "application/cloudevents+json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            producer.send(record);
        }
    }

    /** Every record of {@code topic} as text, from its beginning to its end now. */
    private static List<String> deadLetters(String topic) {
        List<String> values = new ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(
                Map.of(
                        org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        io.mianshen.testsupport.TestInfrastructure.get().kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> values.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return values;
    }

    private int objectionsTo(String uscc) {
        return findPolicy(
                        JSON.readTree(http(TestTokens.auditor())
                                .get()
                                .uri("/api/decisions/{uscc}/publicity", uscc)
                                .retrieve()
                                .body(String.class)),
                        "sme-to-hnte-reward")
                .get("objections")
                .asInt();
    }

    @Test
    void theEnterprisesOwnObjectionInTheWindowHoldsItsGrantOnceAndAForgedOrLateOneDoesNot() {
        String uscc = smallFirstCertifiedFirm();
        String decisionId = publishedRewardOf(uscc);
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(ZoneId.of("Asia/Shanghai"));
        String objectionId = java.util.UUID.randomUUID().toString();

        // forged (not the notification service's source) and late (raised after the window): neither counts
        enterpriseObjection(
                "/feeds/market-regulation/jinan", java.util.UUID.randomUUID().toString(), decisionId, uscc, now);
        enterpriseObjection(
                "/services/notification", java.util.UUID.randomUUID().toString(), decisionId, uscc, now.plusDays(60));
        // the real one, delivered twice
        enterpriseObjection("/services/notification", objectionId, decisionId, uscc, now);
        enterpriseObjection("/services/notification", objectionId, decisionId, uscc, now);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(objectionsTo(uscc)).isEqualTo(1));
        io.mianshen.testsupport.ConsumerGroups.awaitCaughtUp("eligibility-service-objections", PATIENCE, "notices.v1");
        assertThat(objectionsTo(uscc)).isEqualTo(1);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(deadLetters("notices.v1.dlt"))
                        .anySatisfy(dead -> assertThat(dead)
                                .contains("/feeds/market-regulation/jinan")
                                .contains(decisionId)));

        jdbc.sql("UPDATE publicity SET opens_on = opens_on - 42, closes_on = closes_on - 42 WHERE uscc = ?")
                .param(uscc)
                .update();
        assertThat(findPolicy(
                                JSON.readTree(http(TestTokens.auditor())
                                        .get()
                                        .uri("/api/decisions/{uscc}/publicity", uscc)
                                        .retrieve()
                                        .body(String.class)),
                                "sme-to-hnte-reward")
                        .get("status")
                        .asString())
                .isEqualTo("UNDER_REVIEW");
    }

    @Test
    void objectionsAreCappedPerContactAndEachBadFieldIsNamed() {
        String uscc = smallFirstCertifiedFirm();
        String decisionId = publishedRewardOf(uscc);
        String contact = "+86 531 " + (10_000_000 + (int) (Math.random() * 80_000_000));

        for (int i = 1; i <= 3; i++) {
            assertThat(object(decisionId, "王五", contact, "第" + i + "条异议")
                            .getStatusCode()
                            .value())
                    .isEqualTo(201);
        }
        var fourth = object(decisionId, "王五", contact, "第4条异议");
        assertThat(fourth.getStatusCode().value()).isEqualTo(429);
        assertThat(Long.parseLong(fourth.getHeaders().getFirst("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(fourth.getBody()).contains("from one contact");

        Map<String, String[]> bad = Map.of(
                "name", new String[] {decisionId, "", contact, "理由"},
                "contact", new String[] {decisionId, "赵六", "not a contact", "理由"},
                "reason",
                        new String[] {
                            decisionId, "赵六", "zhaoliu@example.cn", "x".repeat(PublicObjections.MAX_REASON + 1)
                        },
                "decisionId", new String[] {"not-a-uuid", "赵六", "zhaoliu@example.cn", "理由"});
        bad.forEach((field, values) -> {
            var response = object(values[0], values[1], values[2], values[3]);
            assertThat(response.getStatusCode().value()).as(field).isEqualTo(400);
            assertThat(response.getBody()).as(field).contains(field);
        });
        // a tax benefit is not published: nothing to object to
        assertThat(object(java.util.UUID.randomUUID().toString(), "赵六", "zhaoliu@example.cn", "理由")
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }

    @Test
    void aBadFilterIsAProblemNamingTheParameter() {
        for (Map.Entry<String, String> bad : Map.of(
                        "?policyId=DROP%20TABLE",
                        "policyId",
                        "?period=2024",
                        "period",
                        "?limit=0",
                        "limit",
                        "?limit=501",
                        "limit",
                        "?offset=-1",
                        "offset")
                .entrySet()) {
            var response = http(null)
                    .get()
                    .uri("/api/publicity" + bad.getKey())
                    .retrieve()
                    .toEntity(String.class);
            assertThat(response.getStatusCode().value()).as(bad.getKey()).isEqualTo(400);
            assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .isTrue();
            assertThat(response.getBody()).as(bad.getKey()).contains(bad.getValue());
        }
    }

    private static JsonNode findPolicy(JsonNode statuses, String policyId) {
        for (JsonNode status : statuses) {
            if (status.get("grant").get("policyId").asString().equals(policyId)) {
                return status;
            }
        }
        throw new AssertionError("no published grant of " + policyId + " in " + statuses);
    }
}
