package io.mianshen.eligibility.decision.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The decision read API, the metrics endpoint, and health with Kafka and the database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(database = "eligibility")
class DecisionApiIT {

    @LocalServerPort
    int port;

    private RestClient http() {
        return http(TestTokens.auditor());
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RestClient http(String token) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build();
    }

    @Test
    void readsAnEnterprisesDecisionsWithTheirExplanation() {
        String uscc = Feeds.newUscc();
        try (Feeds feeds = new Feeds()) {
            feeds.registered(uscc, "370102", "I6510", "MEDIUM", "2016-05-12T09:00:00+08:00");
            feeds.certificate(uscc, "TECH_SME", "TS23-" + uscc, "2023-04-01", "2023-12-31");
        }

        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            assertThat(http(TestTokens.operator())
                            .get()
                            .uri("/actuator/prometheus")
                            .retrieve()
                            .body(String.class))
                    .contains("mianshen_evaluations_total{outcome=\"ELIGIBLE\",policy=\"innovation-voucher\"}")
                    .contains("mianshen_decisions_total{kind=\"GRANTED\",policy=\"innovation-voucher\"}")
                    .contains("mianshen_events_consumed_total{type=\"gov.sci.certification.granted.v1\"}")
                    // latency timers publish histograms, for percentiles across instances
                    .contains("mianshen_evaluation_seconds_bucket{")
                    .contains("mianshen_decision_round_phase_seconds_bucket{");
            String body = http().get()
                    .uri("/api/decisions/{uscc}?policyId=innovation-voucher&period=Y2023", uscc)
                    .retrieve()
                    .body(String.class);
            assertThat(body)
                    .contains("\"outcome\":\"ELIGIBLE\"")
                    .contains("\"standing\":\"GRANTABLE\"")
                    .contains("\"amount\":\"30000.00\"")
                    .contains("\"kind\":\"GRANTED\"")
                    .contains("获发科技创新券30,000.00元")
                    // the decision's event as published, read from the outbox, which keeps every event it published
                    .contains("\"type\":\"gov.benefit.granted.v1\"")
                    .contains("\"source\":\"/services/eligibility\"");
        });
        // ?live=true: only what is granted and in force, not every evaluated (and undetermined) policy and year
        JsonNode every = JSON.readTree(
                http().get().uri("/api/decisions/{uscc}", uscc).retrieve().body(String.class));
        JsonNode live = JSON.readTree(http().get()
                .uri("/api/decisions/{uscc}?live=true", uscc)
                .retrieve()
                .body(String.class));
        assertThat(every.size()).isGreaterThan(live.size());
        assertThat(live)
                .isNotEmpty()
                .allSatisfy(standing -> assertThat(standing.get("decisions"))
                        .anySatisfy(decision ->
                                assertThat(decision.get("live").asBoolean()).isTrue()));
        assertThat(live.findValuesAsString("policyId")).contains("innovation-voucher");
        assertThat(http().get()
                        .uri("/api/decisions/{uscc}?live=maybe", uscc)
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
    }

    @Test
    void letsAnEnterpriseReadOnlyItsOwnDecisions() {
        String own = Feeds.newUscc();
        String other = Feeds.newUscc();

        assertThat(http(TestTokens.enterprise(own))
                        .get()
                        .uri("/api/decisions/{uscc}", own)
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        var refused = http(TestTokens.enterprise(own))
                .get()
                .uri("/api/decisions/{uscc}", other)
                .retrieve()
                .toEntity(String.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        // the refusal blames the enterprise, not the role
        assertThat(refused.getBody())
                .contains("this token is enterprise " + own + "'s")
                .contains("not those of " + other)
                .doesNotContain("roles");
        var wrongRole = http(TestTokens.feed())
                .get()
                .uri("/api/decisions/{uscc}", own)
                .retrieve()
                .toEntity(String.class);
        assertThat(wrongRole.getStatusCode().value()).isEqualTo(403);
        assertThat(wrongRole.getBody()).contains("the token's roles (FEED) do not allow GET /api/decisions/" + own);
        var anonymous = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build()
                .get()
                .uri("/api/decisions/{uscc}", own)
                .retrieve()
                .toEntity(String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void rejectsAnInvalidUsccWithProblemDetailsNamingTheField() {
        var response =
                http().get().uri("/api/decisions/91370100MA3C0QXJ4G").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        // the one shape of every 400 of the services
        JsonNode problem = JSON.readTree(response.getBody());
        assertThat(problem.get("type").asString()).isEqualTo("urn:mianshen:problem:invalid-request");
        assertThat(problem.get("parameter").asString()).isEqualTo("uscc");
        assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("uscc");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("check character");
    }

    @Test
    void hostileInputsGetA4xxNeverA500() {
        for (String hostile : java.util.List.of(
                "'; DROP TABLE decision; --",
                "\u0000\u0007",
                "<script>alert(1)</script>",
                "../../etc/passwd",
                "x".repeat(100_000))) {
            for (String uri : java.util.List.of(
                    "/api/decisions/{v}",
                    "/api/decisions/91370100MA3C0QXJ4F?policyId={v}",
                    "/api/decisions/91370100MA3C0QXJ4F?period={v}",
                    "/api/policies/{v}",
                    "/api/policies/backfills/{v}")) {
                assertThat(http(TestTokens.policyAdmin())
                                .get()
                                .uri(uri, hostile)
                                .retrieve()
                                .toEntity(String.class)
                                .getStatusCode()
                                .value())
                        .as(uri)
                        .isBetween(400, 499);
            }
            assertThat(http(TestTokens.policyAdmin())
                            .post()
                            .uri("/api/policies?file={v}", hostile)
                            .contentType(MediaType.parseMediaType("application/yaml"))
                            .body("id: x".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .retrieve()
                            .toEntity(String.class)
                            .getStatusCode()
                            .value())
                    .isBetween(400, 499);
        }
    }

    @Test
    void answersNotFoundForAnUnknownEnterprise() {
        var response = http().get()
                .uri("/api/decisions/{uscc}", Feeds.newUscc())
                .retrieve()
                .toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody()).contains("Decision not found");
    }

    @Test
    void exposesHealthWithKafkaAndTheDatabaseAndPrometheusMetrics() {
        String health = http().get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"kafka\":{\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"");

        String metrics = http(TestTokens.operator())
                .get()
                .uri("/actuator/prometheus")
                .retrieve()
                .body(String.class);
        assertThat(metrics)
                .contains("kafka_consumer")
                .contains("mianshen_outbox_pending")
                .contains("mianshen_outbox_lag_seconds");
    }
}
