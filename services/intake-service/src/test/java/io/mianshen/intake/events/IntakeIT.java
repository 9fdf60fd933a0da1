package io.mianshen.intake.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.intake.IntakeServiceApplication;
import io.mianshen.testsupport.EventFeed;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.ServiceInstance;
import io.mianshen.testsupport.TestTokens;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Feeds that do not speak Kafka: one event, batches and CSV over HTTP, onto the real topics, each once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(database = "intake")
class IntakeIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEventIsPublishedToItsTopicOnceHoweverOftenItIsSent() {
        String uscc = EventFeed.newUscc();
        ObjectNode filing = EventFeed.example("gov.tax.annual-filing.v1", uscc);

        ResponseEntity<JsonNode> first = post("/events", "application/cloudevents+json", filing.toString());
        ResponseEntity<JsonNode> again = post("/events", "application/cloudevents+json", filing.toString());

        assertThat(first.getStatusCode().value()).isEqualTo(202);
        assertThat(first.getHeaders().getFirst("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(first.getBody().get("items").get(0).get("topic").asString()).isEqualTo("tax.filings.v1");
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody().get("duplicates").asInt()).isEqualTo(1);
        try (EventFeed feed = new EventFeed()) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(feed.read("tax.filings.v1"))
                            .filteredOn(e -> e.get("id")
                                    .asString()
                                    .equals(filing.get("id").asString()))
                            .hasSize(1));
        }
    }

    @Test
    void aFeedPublishesOnlyTheSourcesAndTypesItsTokenNamesAndIntakeRecordsWhichClientSentEach() {
        String tax = TestTokens.feed("feed-tax", List.of("/feeds/tax/*"), List.of("gov.tax.*"));
        String uscc = EventFeed.newUscc();
        ObjectNode registration = EventFeed.example("gov.enterprise.registered.v1", uscc);
        ObjectNode filing = EventFeed.example("gov.tax.annual-filing.v1", uscc);
        ObjectNode filingAsMarket = EventFeed.example("gov.tax.credit-rating.v1", uscc);
        filingAsMarket.put("source", "/feeds/market/370000");

        ResponseEntity<JsonNode> otherType = client(tax)
                .post()
                .uri("/events")
                .contentType(MediaType.APPLICATION_JSON)
                .body(registration.toString())
                .retrieve()
                .toEntity(JsonNode.class);
        assertThat(otherType.getStatusCode().value()).isEqualTo(403);
        assertThat(otherType.getHeaders().getContentType().toString()).contains("application/problem+json");
        assertThat(otherType.getBody().get("detail").asString()).contains("feed-tax", "gov.enterprise.registered.v1");
        ResponseEntity<JsonNode> mixed = client(tax)
                .post()
                .uri("/events/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .body("[" + filing + "," + filingAsMarket + "]")
                .retrieve()
                .toEntity(JsonNode.class);
        assertThat(mixed.getStatusCode().value()).isEqualTo(403);
        assertThat(mixed.getBody().get("refused").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(mixed.getBody()
                        .get("refused")
                        .get(0)
                        .get("violations")
                        .get(0)
                        .get("pointer")
                        .asString())
                .isEqualTo("/source");
        ResponseEntity<JsonNode> csv = client(tax)
                .post()
                .uri("/events/csv?type=gov.enterprise.registered.v1&source=/feeds/tax/370000")
                .contentType(MediaType.parseMediaType("text/csv"))
                .body("uscc,name\n".getBytes())
                .retrieve()
                .toEntity(JsonNode.class);
        assertThat(csv.getStatusCode().value()).isIn(400, 403);
        assertThat(jdbc.sql("SELECT count(*) FROM intake_event WHERE uscc = ?")
                        .param(uscc)
                        .query(Integer.class)
                        .single())
                .isZero();

        ResponseEntity<JsonNode> own = client(tax)
                .post()
                .uri("/events")
                .contentType(MediaType.APPLICATION_JSON)
                .body(filing.toString())
                .retrieve()
                .toEntity(JsonNode.class);
        assertThat(own.getStatusCode().value()).isEqualTo(202);
        assertThat(jdbc.sql("SELECT submitted_by FROM intake_event WHERE uscc = ?")
                        .param(uscc)
                        .query(String.class)
                        .list())
                .containsExactly("feed-tax");
        try (EventFeed feed = new EventFeed()) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(feed.readRecords("tax.filings.v1"))
                            .filteredOn(r -> r.key().equals(uscc))
                            .singleElement()
                            .satisfies(r -> assertThat(new String(r.headers()
                                            .lastHeader(EventIntake.SUBMITTED_BY_HEADER)
                                            .value()))
                                    .isEqualTo("feed-tax")));
        }
    }

    @Test
    void theServiceRefusesTheTokensTheGatewayRefusesAndKeepsItsMetricsForOperators() {
        Map<String, String> refused = TestTokens.unacceptable("FEED");
        ObjectNode rating = EventFeed.example("gov.tax.credit-rating.v1", EventFeed.newUscc());
        refused.forEach((why, token) -> assertThat(client(token)
                        .post()
                        .uri("/events")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(rating.toString())
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .as(why)
                .isEqualTo(401));

        RestClient anonymous = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build();
        assertThat(anonymous
                        .get()
                        .uri("/actuator/prometheus")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
        assertThat(anonymous
                        .get()
                        .uri("/actuator/health/readiness")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(client(TestTokens.feed())
                        .get()
                        .uri("/actuator/prometheus")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(client(TestTokens.operator())
                        .get()
                        .uri("/actuator/prometheus")
                        .retrieve()
                        .body(String.class))
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void malformedJsonIs400WithAPointerAndAWrongCheckCharacterIs422NamingTheField() {
        ResponseEntity<JsonNode> malformed = post("/events", "application/json", "{\"specversion\": \"1.0\", ");
        assertThat(malformed.getStatusCode().value()).isEqualTo(400);
        assertThat(malformed.getHeaders().getContentType().toString()).contains("application/problem+json");
        assertThat(malformed.getBody().has("pointer")).isTrue();
        assertThat(malformed.getBody().get("type").asString()).isEqualTo("urn:mianshen:problem:invalid-request");
        assertThat(malformed.getBody().get("errors").get(0).has("message")).isTrue();

        String uscc = EventFeed.newUscc();
        String wrong = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
        ObjectNode event = EventFeed.example("gov.tax.credit-rating.v1", uscc);
        event.put("subject", wrong);
        ((ObjectNode) event.get("data")).put("uscc", wrong);
        ResponseEntity<JsonNode> refused = post("/events", "application/json", event.toString());
        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody().get("violations").findValuesAsString("pointer"))
                .contains("/data/uscc");
        assertThat(jdbc.sql("SELECT count(*) FROM intake_event WHERE uscc = ?")
                        .param(wrong)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    static java.util.stream.Stream<io.mianshen.contracts.ContractExamples.InvalidExample> invalidFactExamples() {
        return io.mianshen.contracts.ContractExamples.invalid().stream()
                .filter(e -> List.of("enterprise.registry.v1", "tax.filings.v1", "sci.certifications.v1")
                        .contains(e.topic()))
                // intake chooses the topic from the type, and there is no record key over HTTP; an unknown type is one
                // of the fact types a feed may publish (rule enum) there
                .filter(e -> !List.of("type-for-topic", "key-matches-subject", "unknown-type")
                        .contains(e.rule()));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("invalidFactExamples")
    void eachInvalidExampleIsRefusedNamingItsFieldAndRule(
            io.mianshen.contracts.ContractExamples.InvalidExample example) {
        ResponseEntity<JsonNode> refused =
                post("/events", "application/json", new String(example.raw(), java.nio.charset.StandardCharsets.UTF_8));

        assertThat(refused.getStatusCode().value()).as(example.description()).isIn(400, 422);
        assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
        if (refused.getStatusCode().value() == 422) {
            assertThat(refused.getBody().get("violations"))
                    .as(example.description())
                    .anySatisfy(v -> {
                        assertThat(v.get("pointer").asString()).isEqualTo(example.pointer());
                        assertThat(v.get("rule").asString()).isEqualTo(example.rule());
                    });
        }
    }

    @Test
    void aBatchAnswersForEveryEvent() {
        String uscc = EventFeed.newUscc();
        ObjectNode good = EventFeed.example("gov.sci.certification.granted.v1", uscc);
        ObjectNode decision = EventFeed.example("gov.benefit.granted.v1", uscc);
        ObjectNode bad = EventFeed.example("gov.tax.credit-rating.v1", uscc);
        ((ObjectNode) bad.get("data")).put("rating", "Z");

        JsonNode receipt = post("/events/batch", "application/json", "[" + good + "," + decision + "," + bad + ",42]")
                .getBody();

        assertThat(receipt.get("accepted").asInt()).isEqualTo(1);
        assertThat(receipt.get("rejected").asInt()).isEqualTo(3);
        assertThat(receipt.get("items").findValuesAsString("status"))
                .containsExactly("ACCEPTED", "REJECTED", "REJECTED", "REJECTED");
        assertThat(receipt.get("items")
                        .get(1)
                        .get("violations")
                        .get(0)
                        .get("pointer")
                        .asString())
                .isEqualTo("/type");
        assertThat(receipt.get("items").get(2).get("violations").findValuesAsString("pointer"))
                .contains("/data/rating");
    }

    @Test
    void aCsvRejectsTheBadRowByItsLineAndPublishesTheOthersOnceEvenInGbk() {
        String first = EventFeed.newUscc();
        String second = EventFeed.newUscc();
        String third = EventFeed.newUscc();
        String csv = """
                id,time,uscc,name,region,industry,sizeClass,establishedOn,contact.email
                reg-%1$s,2016-05-12T09:00:00+08:00,%1$s,济南示例科技有限公司,370102,I6510,SMALL,2016-05-12,finance@example.cn
                reg-%2$s,2017-03-01T09:00:00+08:00,%2$s,"青岛海洋装备有限公司, 分公司",370202,C3731,MEDIUM,2017-03-01,
                reg-%3$s,2018-01-01T09:00:00+08:00,%3$s,烟台测试有限公司,370602,I6510,HUGE,2018-01-01,
                """.formatted(first, second, third);

        JsonNode receipt = postCsv(
                        "gov.enterprise.registered.v1", csv.getBytes(Charset.forName("GBK")), "text/csv; charset=GBK")
                .getBody();
        JsonNode again = postCsv(
                        "gov.enterprise.registered.v1", csv.getBytes(Charset.forName("GBK")), "text/csv; charset=GBK")
                .getBody();

        assertThat(receipt.get("accepted").asInt()).isEqualTo(2);
        assertThat(receipt.get("items").get(2).get("line").asInt()).isEqualTo(4);
        assertThat(receipt.get("items").get(2).get("violations").findValuesAsString("pointer"))
                .contains("/data/sizeClass");
        assertThat(again.get("duplicates").asInt()).isEqualTo(2);
        try (EventFeed feed = new EventFeed()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<JsonNode> published = feed.read("enterprise.registry.v1").stream()
                        .filter(e -> List.of(first, second, third)
                                .contains(e.get("subject").asString()))
                        .toList();
                assertThat(published)
                        .extracting(e -> e.get("data").get("name").asString())
                        .containsExactlyInAnyOrder("济南示例科技有限公司", "青岛海洋装备有限公司, 分公司");
            });
        }
        ResponseEntity<JsonNode> unknownColumn =
                postCsv("gov.enterprise.registered.v1", "time,uscc,nmae\n".getBytes(), "text/csv");
        assertThat(unknownColumn.getStatusCode().value()).isEqualTo(400);
        assertThat(unknownColumn.getBody().get("detail").asString()).contains("unknown column 'nmae'");
    }

    @Test
    void onlyFeedsPublishAndABatchTooLargeIs413() {
        ObjectNode event = EventFeed.example("gov.tax.credit-rating.v1", EventFeed.newUscc());
        for (String token :
                List.of(TestTokens.enterprise(EventFeed.newUscc()), TestTokens.auditor(), TestTokens.policyAdmin())) {
            assertThat(client(token)
                            .post()
                            .uri("/events")
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(event.toString())
                            .retrieve()
                            .toEntity(String.class)
                            .getStatusCode()
                            .value())
                    .isEqualTo(403);
        }
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 501; i++) {
            batch.append(i == 0 ? "" : ",").append("{}");
        }
        assertThat(post("/events/batch", "application/json", batch + "]")
                        .getStatusCode()
                        .value())
                .isEqualTo(413);
    }

    @Test
    void whenKafkaIsDownTheRequestFailsClearlyAndNothingIsRecorded() {
        try (var offline = ServiceInstance.start(
                IntakeServiceApplication.class,
                "intake",
                Map.of(
                        "spring.kafka.bootstrap-servers",
                        "127.0.0.1:9",
                        "spring.kafka.producer.properties.max.block.ms",
                        "1500",
                        "spring.kafka.admin.fail-fast",
                        "false",
                        "spring.kafka.admin.auto-create",
                        "false",
                        "logging.level.org.apache.kafka",
                        "ERROR"))) {
            int offlinePort =
                    ((WebServerApplicationContext) offline).getWebServer().getPort();
            ObjectNode event = EventFeed.example("gov.tax.credit-rating.v1", EventFeed.newUscc());
            ResponseEntity<JsonNode> failed = RestClient.builder()
                    .baseUrl("http://localhost:" + offlinePort)
                    .defaultHeader("Authorization", "Bearer " + TestTokens.feed())
                    .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                    .build()
                    .post()
                    .uri("/events")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(event.toString())
                    .retrieve()
                    .toEntity(JsonNode.class);

            assertThat(failed.getStatusCode().value()).isEqualTo(503);
            assertThat(failed.getBody().get("title").asString()).isEqualTo("Kafka is unavailable");
            assertThat(jdbc.sql("SELECT count(*) FROM intake_event WHERE event_id = ?")
                            .param(event.get("id").asString())
                            .query(Integer.class)
                            .single())
                    .isZero();
        }
    }

    @Test
    void hostileInputsGetA4xxNeverA500AndPublishNothing() {
        long before =
                jdbc.sql("SELECT count(*) FROM intake_event").query(Long.class).single();
        for (String hostile :
                List.of("'; DROP TABLE intake_event; --", "\u0000\u0007", "<script>", "x".repeat(100_000))) {
            assertThat(client(TestTokens.feed())
                            .post()
                            .uri("/events/csv?type={t}", hostile)
                            .contentType(MediaType.parseMediaType("text/csv"))
                            .body("time,uscc\n")
                            .retrieve()
                            .toEntity(String.class)
                            .getStatusCode()
                            .value())
                    .isBetween(400, 499);
            assertThat(client(TestTokens.feed())
                            .post()
                            .uri("/events/csv?type=gov.tax.credit-rating.v1&charset={c}", hostile)
                            .contentType(MediaType.parseMediaType("text/csv"))
                            .body("time,uscc\n")
                            .retrieve()
                            .toEntity(String.class)
                            .getStatusCode()
                            .value())
                    .isBetween(400, 499);
            assertThat(post("/events", "application/json", hostile)
                            .getStatusCode()
                            .value())
                    .isBetween(400, 499);
        }
        assertThat(client(TestTokens.feed())
                        .post()
                        .uri("/events")
                        .contentType(MediaType.TEXT_HTML)
                        .body("<p>x</p>")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(415);
        assertThat(jdbc.sql("SELECT count(*) FROM intake_event")
                        .query(Long.class)
                        .single())
                .isEqualTo(before);
    }

    @Test
    void publishesItsOpenApiDescription() {
        String description = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/v3/api-docs")
                .retrieve()
                .body(String.class);
        assertThat(description)
                .contains("\"/events\"", "\"/events/batch\"", "\"/events/csv\"")
                // for the gateway's Swagger UI: a bearer scheme, and the gateway's route to intake as the server
                .contains("\"bearerFormat\":\"JWT\"")
                .contains("\"url\":\"http://localhost:8080/api/intake\"");
    }

    private ResponseEntity<JsonNode> post(String path, String contentType, String body) {
        return client(TestTokens.feed())
                .post()
                .uri(path)
                .contentType(MediaType.parseMediaType(contentType))
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .retrieve()
                .toEntity(JsonNode.class);
    }

    private ResponseEntity<JsonNode> postCsv(String type, byte[] body, String contentType) {
        return client(TestTokens.feed())
                .post()
                .uri("/events/csv?type={t}&source=/feeds/market/370000", type)
                .contentType(MediaType.parseMediaType(contentType))
                .body(body)
                .retrieve()
                .toEntity(JsonNode.class);
    }

    private RestClient client(String token) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build();
    }
}
