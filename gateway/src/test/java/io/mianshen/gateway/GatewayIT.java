package io.mianshen.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mianshen.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The gateway's own decisions: who may call which route (an authorization matrix of every role and no
 * token against every route), request ids, body limits and a service that is down. The services behind it
 * are a local HTTP server that records what reaches it (each service checks the same token again, as its
 * own tests show); the audit route points at a closed port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    private static final List<String[]> RECEIVED = new CopyOnWriteArrayList<>();
    /** Holds the answers of the stub's {@code /hanging} paths until the tests end: a service that stopped answering. */
    private static final java.util.concurrent.CountDownLatch HUNG = new java.util.concurrent.CountDownLatch(1);
    /** The stub's {@code /busy} paths answer once this many requests are in flight at the same time. */
    private static final int BUSY = 60;

    private static final java.util.concurrent.CountDownLatch ALL_IN_FLIGHT =
            new java.util.concurrent.CountDownLatch(BUSY);
    private static final HttpServer SERVICES = services();
    private static final int CLOSED_PORT = closedPort();
    private static final String OWN = "91370100MA3C0QXJ4F";
    private static final String OTHER = "91370200MA3C0QXJ4F";

    @DynamicPropertySource
    static void serviceUrls(DynamicPropertyRegistry registry) {
        String services = "http://127.0.0.1:" + SERVICES.getAddress().getPort();
        registry.add("ELIGIBILITY_SERVICE_URL", () -> services);
        registry.add("NOTIFICATION_SERVICE_URL", () -> services);
        registry.add("INTAKE_SERVICE_URL", () -> services);
        registry.add("AUDIT_SERVICE_URL", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("CONSOLE_SERVICE_URL", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("mianshen.gateway.max-body-size", () -> "64KB");
        registry.add("GATEWAY_TIMEOUT_NOTICES_MS", () -> "1000");
    }

    @AfterAll
    static void stop() {
        HUNG.countDown();
        SERVICES.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    RouteLocator routes;

    @Autowired
    io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers;

    private record Call(HttpMethod method, String path) {}

    private static final Call INTAKE = new Call(HttpMethod.POST, "/api/intake/events");
    private static final Call OWN_DECISIONS = new Call(HttpMethod.GET, "/api/decisions/" + OWN);
    private static final Call OTHER_DECISIONS = new Call(HttpMethod.GET, "/api/decisions/" + OTHER);
    private static final Call READ_POLICIES = new Call(HttpMethod.GET, "/api/policies");
    private static final Call PUBLISH_POLICY = new Call(HttpMethod.POST, "/api/policies?file=x.yaml");
    private static final Call NOTICES = new Call(HttpMethod.GET, "/api/notices");
    private static final Call OBJECT =
            new Call(HttpMethod.POST, "/api/notices/0b6f7c1e-5d4a-4f4e-9a41-3c2f1e0d9b87/objections");
    private static final Call AUDIT_SEARCH = new Call(HttpMethod.GET, "/api/audit/decisions");
    private static final Call AUDIT_VERIFY = new Call(HttpMethod.POST, "/api/audit/verify");
    private static final Call AUDIT_DELETE = new Call(HttpMethod.DELETE, "/api/audit/decisions/x");
    private static final Call REVIEW_QUEUE = new Call(HttpMethod.GET, "/api/reviews");
    private static final Call REVIEW_CASE =
            new Call(HttpMethod.GET, "/api/reviews/0b6f7c1e-5d4a-4f4e-9a41-3c2f1e0d9b87");
    private static final Call RULING =
            new Call(HttpMethod.POST, "/api/reviews/0b6f7c1e-5d4a-4f4e-9a41-3c2f1e0d9b87/ruling");
    private static final List<Call> ALL = List.of(
            INTAKE,
            OWN_DECISIONS,
            OTHER_DECISIONS,
            READ_POLICIES,
            PUBLISH_POLICY,
            NOTICES,
            OBJECT,
            AUDIT_SEARCH,
            AUDIT_VERIFY,
            AUDIT_DELETE,
            REVIEW_QUEUE,
            REVIEW_CASE,
            RULING);

    @Test
    void everyRoleReachesOnlyItsRoutes() {
        Map<String, List<Call>> allowed = Map.of(
                TestTokens.feed(), List.of(INTAKE),
                TestTokens.enterprise(OWN), List.of(OWN_DECISIONS, NOTICES, OBJECT),
                TestTokens.auditor(),
                        List.of(OWN_DECISIONS, OTHER_DECISIONS, READ_POLICIES, AUDIT_SEARCH, AUDIT_VERIFY),
                TestTokens.policyAdmin(), List.of(OWN_DECISIONS, OTHER_DECISIONS, READ_POLICIES, PUBLISH_POLICY),
                TestTokens.reviewer(), List.of(REVIEW_QUEUE, REVIEW_CASE, RULING));
        allowed.forEach((token, calls) -> {
            for (Call call : ALL) {
                ResponseEntity<String> response = call(token, call);
                if (calls.contains(call)) {
                    // through to the service: 200 from the local server, 503 from the gateway for the audit service
                    // that is down
                    assertThat(response.getStatusCode().value())
                            .as(call + " allowed")
                            .isIn(200, 503);
                } else {
                    assertThat(response.getStatusCode().value())
                            .as(call + " refused")
                            .isEqualTo(403);
                    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                }
            }
        });
        for (Call call : ALL) {
            ResponseEntity<String> anonymous = call(null, call);
            assertThat(anonymous.getStatusCode().value())
                    .as(call + " without a token")
                    .isEqualTo(401);
            assertThat(anonymous.getBody()).contains("\"title\":\"Authentication required\"");
        }
        String forged = TestTokens.auditor().substring(0, TestTokens.auditor().lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        assertThat(call(forged, AUDIT_SEARCH).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void thePublicityListIsPublicToReadAndToObjectTo() {
        // 公示 is published to everyone: no token needed to read it, and nothing else under it opens
        ResponseEntity<String> anonymous = http(null)
                .get()
                .uri("/api/publicity?policyId=sme-to-hnte-reward")
                .retrieve()
                .toEntity(String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(200);
        assertThat(RECEIVED).anySatisfy(r -> assertThat(r[1]).isEqualTo("/api/publicity"));
        assertThat(call(TestTokens.feed(), new Call(HttpMethod.GET, "/api/publicity"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(call(null, new Call(HttpMethod.POST, "/api/publicity"))
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
        assertThat(call(TestTokens.enterprise(OWN), new Call(HttpMethod.POST, "/api/publicity"))
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(call(null, new Call(HttpMethod.GET, "/api/publicity/anything"))
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
        // anyone may object to a published grant, without a token
        assertThat(call(
                                null,
                                new Call(
                                        HttpMethod.POST,
                                        "/api/publicity/" + java.util.UUID.randomUUID() + "/objections"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(call(null, new Call(HttpMethod.GET, "/api/publicity/" + java.util.UUID.randomUUID() + "/objections"))
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }

    @Test
    void intakeRequestsReachTheIntakeServiceWithoutThePrefixAndWithARequestId() {
        ResponseEntity<String> response = http(TestTokens.feed())
                .post()
                .uri("/api/intake/events")
                .header("X-Request-Id", "feed-42")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{}")
                .retrieve()
                .toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().get("X-Request-Id"))
                .as("once, though the service also returns it")
                .containsExactly("feed-42");
        assertThat(RECEIVED).anySatisfy(r -> assertThat(r).containsExactly("POST", "/events", "feed-42"));
        ResponseEntity<String> generated = call(TestTokens.enterprise(OWN), NOTICES);
        assertThat(generated.getHeaders().get("X-Request-Id"))
                .singleElement()
                .satisfies(id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }

    @Test
    void anOversizeBodyIs413AndAServiceThatIsDownIs503() {
        ResponseEntity<String> oversize = http(TestTokens.feed())
                .post()
                .uri("/api/intake/events")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new byte[70_000])
                .retrieve()
                .toEntity(String.class);
        assertThat(oversize.getStatusCode().value()).isEqualTo(413);
        assertThat(oversize.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        // its unread body must not leave the connection to carry the caller's next request
        assertThat(oversize.getHeaders().getConnection()).containsExactly("close");
        ResponseEntity<String> longAddress = http(TestTokens.auditor())
                .get()
                .uri("/api/decisions/x?policyId=" + "A".repeat(100_000))
                .retrieve()
                .toEntity(String.class);
        assertThat(longAddress.getStatusCode().value()).isEqualTo(414);
        assertThat(longAddress.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(RECEIVED).noneMatch(r -> r[1].startsWith("/api/decisions/x"));

        long start = System.nanoTime();
        ResponseEntity<String> down = call(TestTokens.auditor(), AUDIT_SEARCH);
        assertThat(down.getStatusCode().value()).isEqualTo(503);
        assertThat(down.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(down.getBody()).contains("Service unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        for (int i = 0; i < 12; i++) {
            assertThat(call(TestTokens.auditor(), AUDIT_SEARCH).getStatusCode().value())
                    .isEqualTo(503);
        }
        assertThat(breakers.circuitBreaker("audit").getState())
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
        assertThat(breakers.circuitBreaker("notices").getState())
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }

    @Test
    void aServiceThatDoesNotAnswerWithinItsRoutesTimeoutIs503() {
        long start = System.nanoTime();
        ResponseEntity<String> hanging = http(TestTokens.enterprise(OWN))
                .get()
                .uri("/api/notices/hanging")
                .retrieve()
                .toEntity(String.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(hanging.getStatusCode().value()).isEqualTo(503);
        assertThat(hanging.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(took)
                .as("the notices route's timeout is 1 s here")
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(routes.getRoutes().collectList().block())
                .filteredOn(r -> !r.getId().startsWith("openapi-"))
                .allSatisfy(r -> assertThat(r.getMetadata()).containsKey("response-timeout"));
    }

    @Test
    void manyRequestsAtOnceToAHealthyServiceAllGoThrough() {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String token = TestTokens.enterprise(OWN);
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> calls =
                new java.util.ArrayList<>();
        for (int i = 0; i < BUSY; i++) {
            calls.add(client.sendAsync(
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://localhost:" + port + "/api/notices/busy"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        }

        List<Integer> statuses = calls.stream()
                .map(java.util.concurrent.CompletableFuture::join)
                .map(java.net.http.HttpResponse::statusCode)
                .toList();

        assertThat(statuses).hasSize(BUSY).containsOnly(200);
    }

    @Test
    void servesEveryServicesOpenApiDescriptionInOnePlace() {
        RestClient anonymous = http(null);
        ResponseEntity<String> intake =
                anonymous.get().uri("/openapi/intake").retrieve().toEntity(String.class);
        assertThat(intake.getStatusCode().value()).isEqualTo(200);
        assertThat(RECEIVED).anySatisfy(r -> assertThat(r[1]).isEqualTo("/v3/api-docs"));
        String config =
                anonymous.get().uri("/v3/api-docs/swagger-config").retrieve().body(String.class);
        assertThat(config)
                .contains("/openapi/eligibility", "/openapi/notification", "/openapi/audit", "/openapi/intake");
        assertThat(anonymous
                        .get()
                        .uri("/swagger-ui.html")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isIn(200, 302);
    }

    @Test
    void tokensTheIdentityProviderDidNotIssueForUsOrThatLiveTooLongAreRefused() {
        Map<String, String> refused = TestTokens.unacceptable("AUDITOR");
        refused.forEach((why, token) -> {
            ResponseEntity<String> response = call(token, AUDIT_SEARCH);
            assertThat(response.getStatusCode().value()).as(why).isEqualTo(401);
            assertThat(response.getHeaders().getContentType()).as(why).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        });
    }

    @Test
    void theGatewaysOwnMetricsNeedAnOperatorToken() {
        assertThat(http(null)
                        .get()
                        .uri("/actuator/prometheus")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
        assertThat(http(TestTokens.auditor())
                        .get()
                        .uri("/actuator/prometheus")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        ResponseEntity<String> metrics = http(TestTokens.operator())
                .get()
                .uri("/actuator/prometheus")
                .retrieve()
                .toEntity(String.class);
        assertThat(metrics.getStatusCode().value()).isEqualTo(200);
        assertThat(metrics.getBody())
                .contains("jvm_memory_used_bytes")
                // the requests just made, as a latency histogram
                .contains("http_server_requests_seconds_bucket{");
    }

    @Test
    void reportsUpOnTheActuatorHealthEndpoint() {
        String health = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .body(String.class);
        assertThat(health).contains("\"status\":\"UP\"");
    }

    @Test
    void loadsARouteForEveryServiceApiFromTheServerWebfluxPrefix() {
        List<Route> loaded = routes.getRoutes().collectList().block();

        assertThat(loaded)
                .extracting(Route::getId)
                .containsExactlyInAnyOrder(
                        "intake",
                        "decisions",
                        "publicity",
                        "reviews",
                        "policies",
                        "notices",
                        "audit",
                        "console",
                        "openapi-eligibility",
                        "openapi-notification",
                        "openapi-audit",
                        "openapi-intake");
        assertThat(loaded)
                .filteredOn(r -> r.getId().equals("audit"))
                .singleElement()
                .satisfies(r -> assertThat(r.getUri().getPort()).isEqualTo(CLOSED_PORT));
    }

    @Test
    void theConsoleIsPassedToWithoutATokenAsItLogsItsPeopleInItself() {
        ResponseEntity<String> console = http(null)
                .get()
                .uri("/console/publicity")
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class);
        // not 401: the gateway lets the browser through; the console is not running here, so the route answers 503
        assertThat(console.getStatusCode().value()).isEqualTo(503);
        assertThat(console.getBody()).contains("Service unavailable");
    }

    @Test
    void servesTheAsyncApiDocumentOfEveryTopicWithoutAToken() {
        ResponseEntity<String> document =
                http(null).get().uri("/asyncapi.json").retrieve().toEntity(String.class);
        assertThat(document.getStatusCode().value()).isEqualTo(200);
        assertThat(document.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON))
                .isTrue();
        assertThat(document.getBody())
                .contains("\"asyncapi\" : \"3.0.0\"")
                .contains("\"benefit.publicity.v1\"")
                .contains("\"tax.filings.v1.dlt\"");
    }

    @Test
    void aRefusalSaysWhyAnEnterpriseOnAnotherEnterprisesUsccIsNotBlamedOnItsRole() {
        ResponseEntity<String> other = call(TestTokens.enterprise(OWN), OTHER_DECISIONS);
        assertThat(other.getStatusCode().value()).isEqualTo(403);
        assertThat(other.getBody())
                .contains("this token is enterprise " + OWN + "'s")
                .contains("not those of " + OTHER)
                .doesNotContain("roles");
        ResponseEntity<String> role = call(TestTokens.auditor(), PUBLISH_POLICY);
        assertThat(role.getStatusCode().value()).isEqualTo(403);
        assertThat(role.getBody()).contains("the token's roles (AUDITOR) do not allow POST /api/policies");
    }

    private ResponseEntity<String> call(String token, Call call) {
        RestClient.RequestBodySpec request = http(token).method(call.method()).uri(call.path());
        if (call.method() == HttpMethod.POST) {
            request.contentType(MediaType.APPLICATION_JSON).body("{}");
        }
        return request.retrieve().toEntity(String.class);
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

    private static HttpServer services() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (exchange.getRequestURI().getPath().endsWith("/busy")) {
                    ALL_IN_FLIGHT.countDown();
                    try {
                        ALL_IN_FLIGHT.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (exchange.getRequestURI().getPath().endsWith("/hanging")) {
                    try {
                        HUNG.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                RECEIVED.add(new String[] {
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Request-Id")
                });
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                // as the services do (service-support's RequestIds): the id they were given, back in the answer
                if (exchange.getRequestHeaders().getFirst("X-Request-Id") != null) {
                    exchange.getResponseHeaders()
                            .set("X-Request-Id", exchange.getRequestHeaders().getFirst("X-Request-Id"));
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            // a thread per request, so a hanging answer holds up only its own caller
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "stub-service");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
