package io.mianshen.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.testsupport.TestTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Each client has its own bucket: after the burst, 429 with Retry-After; another client is not held back. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mianshen.gateway.rate-limit.burst=5",
            "mianshen.gateway.rate-limit.per-second=1",
            "AUDIT_SERVICE_URL=http://127.0.0.1:9"
        })
class RateLimitIT {

    @LocalServerPort
    int port;

    @Test
    void aClientBeyondItsBurstGets429WithRetryAfter() {
        String auditor = TestTokens.auditor();
        List<Integer> statuses = new ArrayList<>();
        ResponseEntity<String> last = null;
        for (int i = 0; i < 8; i++) {
            last = get(auditor);
            statuses.add(last.getStatusCode().value());
        }

        assertThat(statuses.subList(0, 5)).doesNotContain(429);
        assertThat(statuses).contains(429);
        assertThat(last.getStatusCode().value()).isEqualTo(429);
        assertThat(Long.parseLong(last.getHeaders().getFirst("Retry-After"))).isBetween(1L, 2L);
        assertThat(last.getBody()).contains("\"title\":\"Too many requests\"");
        assertThat(get(TestTokens.withRoles(List.of("AUDITOR"), null))
                        .getStatusCode()
                        .value())
                .isNotEqualTo(429);
    }

    private ResponseEntity<String> get(String token) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build()
                .get()
                .uri("/api/audit/decisions")
                .retrieve()
                .toEntity(String.class);
    }
}
