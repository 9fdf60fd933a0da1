package io.mianshen.eligibility.admin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.policy.PolicyPack;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/** Policy administration through HTTP: roles, refusal with every problem, publishing, and the backfill. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.consumer.group-id=eligibility-admin-it")
@RealInfrastructure(database = "eligibility_admin")
class PolicyAdminIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private RestClient http(String token) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build();
    }

    @Test
    void onlyPolicyAdminsPublishAndAuditorsMayRead() {
        assertThat(http(TestTokens.auditor())
                        .get()
                        .uri("/api/policies")
                        .retrieve()
                        .body(String.class))
                .contains("\"policyId\":\"rd-post-subsidy\"")
                .contains("\"policyId\":\"innovation-voucher\"");
        ResponseEntity<String> refused = http(TestTokens.auditor())
                .post()
                .uri("/api/policies")
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body("id: x")
                .retrieve()
                .toEntity(String.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        assertThat(http(TestTokens.enterprise(Feeds.newUscc()))
                        .get()
                        .uri("/api/policies")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
    }

    @Test
    void aPolicyFileOverTheServicesBodyLimitIs413() {
        ResponseEntity<String> response = publish("# " + "x".repeat(1024 * 1024) + "\nid: too-large\n");

        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getBody()).contains("Request body too large", "1048576");
    }

    @Test
    void refusesAVersionWhoseExampleFailsListingEveryProblem() throws IOException {
        String v2 = bundled("rd-post-subsidy.v1.yaml")
                .replace("version: 1", "version: 2")
                .replace("value: \"0.12\"", "value: \"0.15\"");

        ResponseEntity<String> response = publish(v2);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode errors = JSON.readTree(response.getBody()).get("errors");
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.get("line").asInt()).isPositive();
            assertThat(error.get("message").asString())
                    .contains("from FY2024 the rate is 12%")
                    .contains("amount 187500.00, expected 150000.00");
        });
    }

    @Test
    void publishesANewVersionAndBackfillsEveryKnownEnterprise() throws IOException {
        String uscc = Feeds.newUscc();
        try (Feeds feeds = new Feeds()) {
            feeds.filing(uscc, 2023, "T23-" + uscc, null, "2850000.00", "100.00");
            feeds.filing(uscc, 2024, "T24-" + uscc, null, "4100000.00", "100.00");
            feeds.certificate(uscc, "HIGH_TECH_ENTERPRISE", "GR-" + uscc, "2023-12-08", "2026-12-07");
            await().atMost(Duration.ofSeconds(45))
                    .untilAsserted(() -> assertThat(liveAmount(uscc)).isEqualByComparingTo("150000.00"));
        }
        String v2 = bundled("rd-post-subsidy.v1.yaml")
                .replace("version: 1", "version: 2")
                .replace("value: \"0.12\"", "value: \"0.15\"")
                .replace("{outcome: ELIGIBLE, amount: \"150000.00\"}", "{outcome: ELIGIBLE, amount: \"187500.00\"}")
                .replace("from FY2024 the rate is 12%", "from FY2024 the rate is 15%");

        ResponseEntity<String> response = publish(v2);

        assertThat(response.getStatusCode().value()).isEqualTo(201);
        JsonNode published = JSON.readTree(response.getBody());
        assertThat(published.get("version").asInt()).isEqualTo(2);
        String backfill = published.get("backfillId").asString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode progress = JSON.readTree(http(TestTokens.policyAdmin())
                    .get()
                    .uri("/api/policies/backfills/{id}", backfill)
                    .retrieve()
                    .body(String.class));
            assertThat(progress.get("finishedAt").isNull()).isFalse();
            assertThat(progress.get("done").asInt())
                    .isEqualTo(progress.get("total").asInt());
        });
        assertThat(liveAmount(uscc)).isEqualByComparingTo("187500.00");
        assertThat(jdbc.sql(
                                "SELECT policy_version FROM decision WHERE uscc = ? AND policy_id = 'rd-post-subsidy' AND period = 'FY2024' AND live")
                        .param(uscc)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(publish(v2).getStatusCode().value()).isEqualTo(409);
        JsonNode stored = JSON.readTree(http(TestTokens.auditor())
                .get()
                .uri("/api/policies/rd-post-subsidy/versions/2")
                .retrieve()
                .body(String.class));
        assertThat(stored.get("legalBasis").get("document").asString()).isEqualTo("鲁科字〔2023〕16号");
        assertThat(stored.get("examples").findValuesAsString("amount"))
                .as("the embedded examples, money as decimal strings")
                .contains("187500.00");
    }

    private BigDecimal liveAmount(String uscc) {
        return jdbc.sql(
                        "SELECT amount FROM decision WHERE uscc = ? AND policy_id = 'rd-post-subsidy' AND period = 'FY2024' AND live")
                .param(uscc)
                .query(BigDecimal.class)
                .optional()
                .orElse(BigDecimal.ZERO);
    }

    private ResponseEntity<String> publish(String yaml) {
        return http(TestTokens.policyAdmin())
                .post()
                .uri("/api/policies?file=rd-post-subsidy.v2.yaml")
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .retrieve()
                .toEntity(String.class);
    }

    private static String bundled(String file) throws IOException {
        return new String(
                PolicyPack.class
                        .getClassLoader()
                        .getResourceAsStream("policies/" + file)
                        .readAllBytes(),
                StandardCharsets.UTF_8);
    }
}
