package io.mianshen.eligibility.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.eligibility.publicity.Finality;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Review of objections during publicity (复核), through the service's own API and its topics, on real Kafka and
 * PostgreSQL: a reviewer lists the open objections with the decision and its facts, and rules; an upheld objection
 * revokes or adjusts the grant through the outbox, once however often the ruling event is delivered, and later rounds
 * on the same facts do not undo it; a rejected one leaves the grant final; a grant whose window passes untouched is
 * final with its event; a forged ruling is dead-lettered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(database = "eligibility")
class ReviewIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REWARD = "sme-to-hnte-reward ONCE";
    private static Feeds feeds;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Finality finality;

    @BeforeAll
    static void openFeeds() {
        feeds = new Feeds();
    }

    @AfterAll
    static void closeFeeds() {
        feeds.close();
    }

    /** A small Jinan firm first certified High-Tech on 2023-12-08: its 100,000.00 reward is published. */
    private static String rewardedFirm() {
        String uscc = Feeds.newUscc();
        feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
        feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "6300000.00");
        feeds.certificate(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2023-12-08", "2026-12-07");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(uscc)).containsEntry(REWARD, "100000.00"));
        return uscc;
    }

    private String rewardOf(String uscc) {
        return jdbc.sql(
                        "SELECT CAST(decision_id AS text) FROM publicity WHERE uscc = ? AND policy_id = 'sme-to-hnte-reward'")
                .param(uscc)
                .query(String.class)
                .single();
    }

    private RestClient http(String token) {
        RestClient.Builder builder = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (q, r) -> {});
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private ResponseEntity<String> object(String decisionId, String contact) {
        return http(null)
                .post()
                .uri("/api/publicity/{id}/objections", decisionId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(Map.of("name", "张三", "contact", contact, "reason", "该企业认定时已非中小企业")))
                .retrieve()
                .toEntity(String.class);
    }

    private ResponseEntity<String> rule(String token, String decisionId, Map<String, String> ruling) {
        return http(token)
                .post()
                .uri("/api/reviews/{id}/ruling", decisionId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(ruling))
                .retrieve()
                .toEntity(String.class);
    }

    private JsonNode status(String uscc) {
        JsonNode all = JSON.readTree(http(TestTokens.auditor())
                .get()
                .uri("/api/decisions/{uscc}/publicity", uscc)
                .retrieve()
                .body(String.class));
        for (JsonNode grant : all) {
            if (grant.get("grant").get("policyId").asString().equals("sme-to-hnte-reward")) {
                return grant;
            }
        }
        throw new AssertionError("no published reward for " + uscc + ": " + all);
    }

    private List<JsonNode> rewardDecisions(String uscc, String type) {
        return feeds.decisionsOf(uscc).stream()
                .filter(e -> e.get("type").asString().equals(type)
                        && e.get("data").get("policyId").asString().equals("sme-to-hnte-reward"))
                .toList();
    }

    private String outboxEvent(String eventId) {
        return jdbc.sql("SELECT event FROM outbox WHERE event_id = ?")
                .param(eventId)
                .query(String.class)
                .single();
    }

    private List<JsonNode> publicityEvents(String uscc, String type) {
        return jdbc
                .sql(
                        "SELECT event FROM outbox WHERE topic = 'benefit.publicity.v1' AND record_key = ? ORDER BY position")
                .param(uscc)
                .query(String.class)
                .list()
                .stream()
                .map(JSON::readTree)
                .filter(e -> e.get("type").asString().equals(type))
                .toList();
    }

    private static void produce(String uscc, String... events) {
        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.get().kafkaBootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (String event : events) {
                var record = new ProducerRecord<>("benefit.publicity.v1", uscc, event.getBytes(StandardCharsets.UTF_8));
                record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
    }

    /** The values of {@code topic} from its beginning to its end now. */
    private static List<String> records(String topic) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.get().kafkaBootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        return values;
    }

    @Test
    void
            anObjectionUpheldInTheWindowRevokesTheGrantOnceHoweverOftenTheRulingIsDeliveredAndTheSameFactsDoNotGrantItAgain() {
        String uscc = rewardedFirm();
        String decisionId = rewardOf(uscc);
        assertThat(object(decisionId, "zhangsan@example.cn").getStatusCode().value())
                .isEqualTo(201);

        // the reviewer's queue: the case with the objector, the decision's explanation and the facts with their sources
        var queue = http(TestTokens.reviewer())
                .get()
                .uri("/api/reviews?limit=100")
                .retrieve()
                .toEntity(String.class);
        assertThat(queue.getStatusCode().value()).as(queue.getBody()).isEqualTo(200);
        JsonNode found = null;
        for (JsonNode c : JSON.readTree(queue.getBody()).get("cases")) {
            if (c.get("grant").get("decisionId").asString().equals(decisionId)) {
                found = c;
            }
        }
        assertThat(found).as("the case is in the queue").isNotNull();
        assertThat(found.get("objections").get(0).get("name").asString()).isEqualTo("张三");
        assertThat(found.get("objections").get(0).get("contact").asString()).isEqualTo("zhangsan@example.cn");
        assertThat(found.get("decision").get("explanation").get("clauses")).isNotEmpty();
        assertThat(found.get("facts")
                        .get("certificates")
                        .get(0)
                        .get("source")
                        .get("id")
                        .asString())
                .isNotBlank();
        assertThat(http(TestTokens.auditor())
                        .get()
                        .uri("/api/reviews")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(rule(TestTokens.enterprise(uscc), decisionId, Map.of("outcome", "REJECTED", "reasons", "x"))
                        .getStatusCode()
                        .value())
                .isEqualTo(403);

        var ruled = rule(
                TestTokens.reviewer(),
                decisionId,
                Map.of("outcome", "UPHELD", "correction", "REVOKE", "reasons", "经核实，该企业认定高新技术企业时营业收入已超过中小企业标准"));
        assertThat(ruled.getStatusCode().value()).as(ruled.getBody()).isEqualTo(201);
        String rulingId = JSON.readTree(ruled.getBody()).get("rulingId").asString();
        assertThat(JSON.readTree(ruled.getBody()).get("reviewer").asString()).isEqualTo("reviewer-1");

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(uscc)).doesNotContainKey(REWARD));
        JsonNode revoked = rewardDecisions(uscc, "gov.benefit.revoked.v1").get(0);
        assertThat(revoked.get("data").get("rulingId").asString()).isEqualTo(rulingId);
        assertThat(revoked.get("data").get("revokes").asString()).isEqualTo(decisionId);
        assertThat(revoked.get("data").get("recoverAmount").asString())
                .as("nothing was paid during publicity")
                .isEqualTo("0.00");
        assertThat(revoked.get("data").get("reason").asString())
                .contains("营业收入已超过中小企业标准")
                .contains(rulingId);
        assertThat(status(uscc).get("status").asString()).isEqualTo("REPLACED");
        assertThat(status(uscc).get("ruling").asString()).isEqualTo("UPHELD");
        assertThat(publicityEvents(uscc, "gov.publicity.ruled.v1"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("data")
                                .get("objections")
                                .get(0)
                                .get("contact")
                                .asString())
                        .isEqualTo("zhangsan@example.cn"));

        // the ruling delivered twice more, then a forged one behind them on the same partition: the forged one is
        // dead-lettered, so the two before it were read, and they changed nothing
        ObjectNode forged = (ObjectNode) JSON.readTree(outboxEvent(rulingId));
        String forgedId = UUID.randomUUID().toString();
        forged.put("id", forgedId);
        ((ObjectNode) forged.get("data")).put("rulingId", forgedId);
        produce(uscc, outboxEvent(rulingId), outboxEvent(rulingId), JSON.writeValueAsString(forged));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(records("benefit.publicity.v1.dlt"))
                        .anySatisfy(r -> assertThat(r).contains(forgedId)));
        assertThat(rewardDecisions(uscc, "gov.benefit.revoked.v1")).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM ruling_applied WHERE ruling_id = CAST(? AS uuid)")
                        .param(rulingId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);

        // a fact the reward reads, which leaves its evaluation as it was: the revoked reward is not granted again
        int profiles = jdbc.sql("SELECT count(*) FROM enterprise_profile WHERE uscc = ?")
                .param(uscc)
                .query(Integer.class)
                .single();
        feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("SELECT count(*) FROM enterprise_profile WHERE uscc = ?")
                                .param(uscc)
                                .query(Integer.class)
                                .single()
                        > profiles);
        assertThat(feeds.liveOf(uscc)).doesNotContainKey(REWARD);
        assertThat(rewardDecisions(uscc, "gov.benefit.granted.v1")).hasSize(1);
        assertThat(jdbc.sql("SELECT standing FROM evaluation WHERE uscc = ? AND policy_id = 'sme-to-hnte-reward'")
                        .param(uscc)
                        .query(String.class)
                        .single())
                .isEqualTo("OVERRULED");
    }

    @Test
    void aRejectedObjectionLeavesTheGrantFinalAndAWindowThatPassesUntouchedIsFinalWithItsEvent() {
        String objected = rewardedFirm();
        String quiet = rewardedFirm();
        String decisionId = rewardOf(objected);
        assertThat(object(decisionId, "13800000000").getStatusCode().value()).isEqualTo(201);
        jdbc.sql("UPDATE publicity SET opens_on = opens_on - 42, closes_on = closes_on - 42 WHERE uscc IN (?, ?)")
                .params(objected, quiet)
                .update();
        assertThat(status(objected).get("status").asString()).isEqualTo("UNDER_REVIEW");

        // the window has passed: the quiet grant becomes final at the next sweep, the objected one waits for its ruling
        finality.sweep();
        assertThat(publicityEvents(quiet, "gov.publicity.final.v1"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.get("data").get("after").asString()).isEqualTo("WINDOW"));
        assertThat(publicityEvents(objected, "gov.publicity.final.v1")).isEmpty();
        assertThat(status(quiet).get("status").asString()).isEqualTo("FINAL");

        var ruled =
                rule(TestTokens.reviewer(), decisionId, Map.of("outcome", "REJECTED", "reasons", "异议所述与登记事实不符，维持原决定"));
        assertThat(ruled.getStatusCode().value()).as(ruled.getBody()).isEqualTo(201);
        JsonNode status = status(objected);
        assertThat(status.get("status").asString()).isEqualTo("FINAL");
        assertThat(status.get("finalOn").asString())
                .isEqualTo(LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
        assertThat(status.get("ruling").asString()).isEqualTo("REJECTED");
        assertThat(publicityEvents(objected, "gov.publicity.final.v1"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.get("data").get("after").asString()).isEqualTo("RULING"));
        assertThat(feeds.liveOf(objected)).containsEntry(REWARD, "100000.00");
        // every step of the grant is a publicity event, in order
        assertThat(jdbc
                        .sql(
                                "SELECT event FROM outbox WHERE topic = 'benefit.publicity.v1' AND record_key = ? ORDER BY position")
                        .param(objected)
                        .query(String.class)
                        .list()
                        .stream()
                        .map(e -> JSON.readTree(e).get("type").asString())
                        .toList())
                .containsExactly(
                        "gov.publicity.opened.v1",
                        "gov.publicity.objection-received.v1",
                        "gov.publicity.ruled.v1",
                        "gov.publicity.final.v1");
        // nothing left to rule on
        var again = rule(TestTokens.reviewer(), decisionId, Map.of("outcome", "REJECTED", "reasons", "再次复核"));
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
    }

    @Test
    void anUpheldObjectionAdjustsToTheStatedAmountAndAMistakenRulingIsRefusedNamingTheField() {
        String uscc = rewardedFirm();
        String decisionId = rewardOf(uscc);
        assertThat(object(decisionId, "lisi@example.cn").getStatusCode().value())
                .isEqualTo(201);

        Map<String, String> tooMuch = new LinkedHashMap<>(
                Map.of("outcome", "UPHELD", "correction", "ADJUST", "amount", "100000.00", "reasons", "r"));
        var refused = rule(TestTokens.reviewer(), decisionId, tooMuch);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody()).contains("amount");
        var noReasons = rule(TestTokens.reviewer(), decisionId, Map.of("outcome", "UPHELD", "correction", "REVOKE"));
        assertThat(noReasons.getStatusCode().value()).isEqualTo(400);
        assertThat(noReasons.getBody()).contains("reasons");
        var noCorrection = rule(TestTokens.reviewer(), decisionId, Map.of("outcome", "UPHELD", "reasons", "r"));
        assertThat(noCorrection.getStatusCode().value()).isEqualTo(400);
        assertThat(noCorrection.getBody()).contains("correction");
        assertThat(rule(
                                TestTokens.reviewer(),
                                UUID.randomUUID().toString(),
                                Map.of("outcome", "REJECTED", "reasons", "r"))
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        // a body that is not JSON gets the one shape of a 400, as a bad field does
        var notJson = http(TestTokens.reviewer())
                .post()
                .uri("/api/reviews/{id}/ruling", decisionId)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"outcome\": ")
                .retrieve()
                .toEntity(String.class);
        assertThat(notJson.getStatusCode().value()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.getBody()).get("type").asString())
                .isEqualTo("urn:mianshen:problem:invalid-request");
        assertThat(JSON.readTree(notJson.getBody()).get("parameter").asString()).isEqualTo("body");
        assertThat(JSON.readTree(refused.getBody()).get("type").asString())
                .isEqualTo("urn:mianshen:problem:invalid-request");

        var ruled = rule(
                TestTokens.reviewer(),
                decisionId,
                Map.of(
                        "outcome",
                        "UPHELD",
                        "correction",
                        "ADJUST",
                        "amount",
                        "60000.00",
                        "reasons",
                        "奖励基数应扣除已获市级奖励部分"));
        assertThat(ruled.getStatusCode().value()).as(ruled.getBody()).isEqualTo(201);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feeds.liveOf(uscc)).containsEntry(REWARD, "60000.00"));
        JsonNode adjusted = rewardDecisions(uscc, "gov.benefit.adjusted.v1").get(0);
        assertThat(adjusted.get("data").get("previousAmount").asString()).isEqualTo("100000.00");
        assertThat(adjusted.get("data").get("rulingId").asString())
                .isEqualTo(JSON.readTree(ruled.getBody()).get("rulingId").asString());
        assertThat(adjusted.get("data").get("reason").asString()).contains("奖励基数应扣除已获市级奖励部分");
    }
}
