package io.mianshen.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.testsupport.TestIdentityProvider;
import io.mianshen.testsupport.TestTokens;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import redis.embedded.RedisServer;

/**
 * With a Redis address configured, every gateway instance takes from the same bucket: a client that spent its
 * burst on one instance is refused by the other. A real redis-server process; two gateways in this JVM. When
 * Redis goes away, clients are still served, limited by each instance's memory.
 */
class SharedRateLimitIT {

    private static RedisServer redis;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = new RedisServer(port);
        redis.start();
        first = gateway("redis://localhost:" + port);
        second = gateway("redis://localhost:" + port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (redis != null && redis.isActive()) {
            redis.stop();
        }
    }

    @Test
    void aClientsBurstIsSharedByEveryInstanceAndRedisGoingAwayStopsNobody() throws Exception {
        String client = TestTokens.withRoles(List.of("AUDITOR"), null);
        for (int i = 0; i < 3; i++) {
            assertThat(get(first, client).getStatusCode().value())
                    .as("request %d on the first instance", i + 1)
                    .isNotEqualTo(429);
        }

        ResponseEntity<String> refused = get(second, client);

        assertThat(refused.getStatusCode().value()).isEqualTo(429);
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(refused.getBody()).contains("Too many requests");
        String other = TestTokens.withRoles(List.of("AUDITOR", "X-" + UUID.randomUUID()), null);
        assertThat(get(second, other).getStatusCode().value()).isNotEqualTo(429);

        redis.stop();
        String later = TestTokens.withRoles(List.of("AUDITOR", "Y-" + UUID.randomUUID()), null);
        assertThat(get(first, later).getStatusCode().value())
                .as("served from memory while Redis is away")
                .isNotIn(429, 500);
    }

    private static ConfigurableApplicationContext gateway(String redisUrl) {
        // command-line arguments, so they win over application.yml
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--mianshen.gateway.rate-limit.burst=3",
                "--mianshen.gateway.rate-limit.per-second=1",
                "--mianshen.gateway.rate-limit.redis-url=" + redisUrl,
                "--AUDIT_SERVICE_URL=http://127.0.0.1:9",
                "--spring.main.banner-mode=off"));
        arguments.addAll(TestIdentityProvider.get().arguments());
        return new SpringApplicationBuilder(GatewayApplication.class).run(arguments.toArray(String[]::new));
    }

    private static ResponseEntity<String> get(ConfigurableApplicationContext gateway, String token) {
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
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
