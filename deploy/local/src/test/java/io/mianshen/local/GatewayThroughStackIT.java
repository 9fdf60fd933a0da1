package io.mianshen.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import io.mianshen.local.demo.StackSummary;
import io.mianshen.local.infra.KafkaPrincipals;
import io.mianshen.testsupport.EventFeed;
import io.mianshen.testsupport.TestTokens;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway in front of the real services, each in its own process on the local stack: who may call what, rate
 * and body limits, intake errors with their pointers and line numbers, hostile parameters on every route, and a
 * service that stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayThroughStackIT {

    private static final List<String> FACT_TOPICS =
            List.of("enterprise.registry.v1", "tax.filings.v1", "sci.certifications.v1");
    private static final DevTokens TOKENS = StackClient.TOKENS;
    private static final String OWN = EventFeed.newUscc();
    private static final String OTHER = EventFeed.newUscc();

    private static RunningStack stack;
    private final StackClient gateway = StackClient.gateway();

    @BeforeAll
    static void start() throws Exception {
        // with Spring Boot's switch for structured (ECS JSON) logs, as an operator turns it on
        stack = RunningStack.startWith(Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"), "it-gateway");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private record Call(String method, String path, String contentType, String body) {
        static Call get(String path) {
            return new Call("GET", path, null, null);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A route as the gateway serves it and as its service serves it on its own port. */
    private record Route(Call viaGateway, int port, Call direct, Map<String, Integer> allowed) {}

    private static final List<String> ROLES =
            List.of("FEED", "ENTERPRISE", "AUDITOR", "POLICY_ADMIN", "REVIEWER", "OPERATOR");
    /** In a route's allowed statuses: what a request without a token gets (401 when not named). */
    private static final String ANONYMOUS = "no token";

    /**
     * The authorization matrix: every route, for every role (an enterprise on its own and on another enterprise's
     * USCC) and without a token, through the gateway and directly on the service's own port. What a role may do is
     * let through to the service, which answers (404 for an enterprise it has no facts about or a notice that does
     * not exist, 422 for a policy file that is no policy); everything else is 403, and 401 without a token, as
     * problem+json.
     */
    @Test
    @Order(1)
    void everyRouteForEveryRoleAndNoTokenThroughTheGatewayAndOnEachServicesOwnPort() {
        String objection = "{\"text\":\"金额有误\"}";
        String notice = "/api/notices/" + UUID.randomUUID() + "/objections";
        List<Route> routes = new ArrayList<>();
        routes.add(new Route(
                new Call("POST", "/api/intake/events", "application/json", null),
                StackPorts.INTAKE,
                new Call("POST", "/events", "application/json", null),
                Map.of("FEED", 202)));
        routes.add(new Route(
                Call.get("/api/decisions/" + OWN),
                StackPorts.ELIGIBILITY,
                Call.get("/api/decisions/" + OWN),
                Map.of("ENTERPRISE", 404, "AUDITOR", 404, "POLICY_ADMIN", 404)));
        routes.add(new Route(
                Call.get("/api/decisions/" + OTHER),
                StackPorts.ELIGIBILITY,
                Call.get("/api/decisions/" + OTHER),
                Map.of("AUDITOR", 404, "POLICY_ADMIN", 404)));
        routes.add(new Route(
                Call.get("/api/decisions/" + OWN + "/publicity"),
                StackPorts.ELIGIBILITY,
                Call.get("/api/decisions/" + OWN + "/publicity"),
                Map.of("ENTERPRISE", 200, "AUDITOR", 200, "POLICY_ADMIN", 200)));
        routes.add(new Route(
                Call.get("/api/decisions/" + OTHER + "/publicity"),
                StackPorts.ELIGIBILITY,
                Call.get("/api/decisions/" + OTHER + "/publicity"),
                Map.of("AUDITOR", 200, "POLICY_ADMIN", 200)));
        // the publicity list (公示) is public: every role and no token
        routes.add(new Route(
                Call.get("/api/publicity"),
                StackPorts.ELIGIBILITY,
                Call.get("/api/publicity"),
                Map.of(
                        "FEED",
                        200,
                        "ENTERPRISE",
                        200,
                        "AUDITOR",
                        200,
                        "POLICY_ADMIN",
                        200,
                        "REVIEWER",
                        200,
                        "OPERATOR",
                        200,
                        ANONYMOUS,
                        200)));
        // and anyone may object to a published grant: a grant that is not published is 404 for all
        Call publicObjection = new Call(
                "POST",
                "/api/publicity/" + UUID.randomUUID() + "/objections",
                "application/json",
                "{\"name\":\"张三\",\"contact\":\"zhangsan@example.cn\",\"reason\":\"金额有误\"}");
        routes.add(new Route(
                publicObjection,
                StackPorts.ELIGIBILITY,
                publicObjection,
                Map.of(
                        "FEED",
                        404,
                        "ENTERPRISE",
                        404,
                        "AUDITOR",
                        404,
                        "POLICY_ADMIN",
                        404,
                        "REVIEWER",
                        404,
                        "OPERATOR",
                        404,
                        ANONYMOUS,
                        404)));
        // the review of objections: reviewers only (a grant that was never published is 404)
        routes.add(new Route(
                Call.get("/api/reviews"), StackPorts.ELIGIBILITY, Call.get("/api/reviews"), Map.of("REVIEWER", 200)));
        routes.add(new Route(
                Call.get("/api/reviews/" + UUID.randomUUID()),
                StackPorts.ELIGIBILITY,
                Call.get("/api/reviews/" + UUID.randomUUID()),
                Map.of("REVIEWER", 404)));
        Call ruling = new Call(
                "POST",
                "/api/reviews/" + UUID.randomUUID() + "/ruling",
                "application/json",
                "{\"outcome\":\"REJECTED\",\"reasons\":\"异议所述与事实不符\"}");
        routes.add(new Route(ruling, StackPorts.ELIGIBILITY, ruling, Map.of("REVIEWER", 404)));
        routes.add(new Route(
                Call.get("/api/policies"),
                StackPorts.ELIGIBILITY,
                Call.get("/api/policies"),
                Map.of("AUDITOR", 200, "POLICY_ADMIN", 200)));
        Call publish = new Call("POST", "/api/policies?file=x.yaml", "application/yaml", "id: not-a-policy\n");
        routes.add(new Route(publish, StackPorts.ELIGIBILITY, publish, Map.of("POLICY_ADMIN", 422)));
        routes.add(new Route(
                Call.get("/api/notices"),
                StackPorts.NOTIFICATION,
                Call.get("/api/notices"),
                Map.of("ENTERPRISE", 200)));
        Call object = new Call("POST", notice, "application/json", objection);
        routes.add(new Route(object, StackPorts.NOTIFICATION, object, Map.of("ENTERPRISE", 404)));
        routes.add(new Route(
                Call.get("/api/audit/decisions"),
                StackPorts.AUDIT,
                Call.get("/api/audit/decisions"),
                Map.of("AUDITOR", 200)));
        Call verify = new Call("POST", "/api/audit/verify", null, null);
        routes.add(new Route(verify, StackPorts.AUDIT, verify, Map.of("AUDITOR", 200)));
        routes.add(new Route(
                Call.get("/api/audit/ledger/checkpoint-key"),
                StackPorts.AUDIT,
                Call.get("/api/audit/ledger/checkpoint-key"),
                Map.of("AUDITOR", 200)));
        Call delete = new Call("DELETE", "/api/audit/decisions/" + UUID.randomUUID(), null, null);
        routes.add(new Route(delete, StackPorts.AUDIT, delete, Map.of()));
        for (int port : List.of(
                StackPorts.ELIGIBILITY,
                StackPorts.NOTIFICATION,
                StackPorts.AUDIT,
                StackPorts.INTAKE,
                StackPorts.GATEWAY)) {
            routes.add(new Route(null, port, Call.get("/actuator/prometheus"), Map.of("OPERATOR", 200)));
            routes.add(new Route(null, port, Call.get("/actuator/env"), Map.of("OPERATOR", 404)));
        }
        Map<String, String> tokens = Map.of(
                "FEED",
                TOKENS.feed(),
                "ENTERPRISE",
                TOKENS.enterprise(OWN),
                "AUDITOR",
                TOKENS.auditor(),
                "POLICY_ADMIN",
                TOKENS.policyAdmin(),
                "REVIEWER",
                TOKENS.reviewer(),
                "OPERATOR",
                TOKENS.operator());

        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            Map<String, Call> ways = new LinkedHashMap<>();
            if (route.viaGateway() != null) {
                ways.put("gateway", route.viaGateway());
            }
            ways.put("port " + route.port(), route.direct());
            ways.forEach((way, call) -> {
                StackClient client = way.equals("gateway") ? gateway : new StackClient(route.port());
                for (String role : ROLES) {
                    int status = call(client, tokens.get(role), call).statusCode();
                    int want = route.allowed().getOrDefault(role, 403);
                    if (status != want) {
                        wrong.add(way + " " + role + " " + call + ": " + status + " (expected " + want + ")");
                    }
                }
                HttpResponse<String> anonymous = call(client, null, call);
                int wantAnonymous = route.allowed().getOrDefault(ANONYMOUS, 401);
                if (anonymous.statusCode() != wantAnonymous
                        || wantAnonymous == 401
                                && !anonymous
                                        .headers()
                                        .firstValue("Content-Type")
                                        .orElse("")
                                        .contains("application/problem+json")) {
                    wrong.add(way + " no token " + call + ": " + anonymous.statusCode() + " "
                            + anonymous.headers().firstValue("Content-Type").orElse("") + " (expected " + wantAnonymous
                            + ")");
                }
            });
        }
        for (int port : List.of(
                StackPorts.ELIGIBILITY,
                StackPorts.NOTIFICATION,
                StackPorts.AUDIT,
                StackPorts.INTAKE,
                StackPorts.GATEWAY)) {
            int readiness = call(new StackClient(port), null, Call.get("/actuator/health/readiness"))
                    .statusCode();
            if (readiness != 200) {
                wrong.add("port " + port + " readiness without a token: " + readiness + " (expected 200)");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    @Order(2)
    void tokensComeFromTheLocalIdentityProviderAndAFeedPublishesOnlyItsOwnSourcesAndTypes() throws Exception {
        Process command = new ProcessBuilder("bash", "../../bin/dev-token", "FEED", "tax")
                .redirectErrorStream(true)
                .start();
        String taxFeed = new String(command.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(command.waitFor()).as(taxFeed).isZero();
        String uscc = EventFeed.newUscc();

        HttpResponse<String> market =
                gateway.send("POST", "/api/intake/events", taxFeed, "application/json", registration(uscc));
        assertThat(market.statusCode()).isEqualTo(403);
        assertThat(market.body()).contains("feed-tax", "gov.enterprise.registered.v1");
        ObjectNode rating = EventFeed.example("gov.tax.credit-rating.v1", uscc);
        assertThat(gateway.send(
                                "POST",
                                "/api/intake/events",
                                taxFeed,
                                "application/json",
                                rating.toString().getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(202);
        rating.put("id", UUID.randomUUID().toString()).put("source", "/feeds/market/370000");
        assertThat(gateway.send(
                                "POST",
                                "/api/intake/events",
                                taxFeed,
                                "application/json",
                                rating.toString().getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(403);
        // a token of the old shared development secret, as the first wave's bin/dev-token made them, is refused
        // everywhere
        String hs256 = TestTokens.legacyDevelopmentToken(new JWTClaimsSet.Builder()
                .subject("x")
                .claim("roles", List.of("AUDITOR"))
                .build());
        assertThat(gateway.get("/api/audit/decisions", hs256).statusCode()).isEqualTo(401);
        assertThat(new StackClient(StackPorts.AUDIT)
                        .get("/api/audit/decisions", hs256)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(4)
    void anEnterpriseCannotReadAnotherEnterprisesNotice() {
        String uscc = EventFeed.newUscc();
        assertThat(gateway.send("POST", "/api/intake/events", TOKENS.feed(), "application/json", registration(uscc))
                        .statusCode())
                .isEqualTo(202);
        assertThat(gateway.send("POST", "/api/intake/events", TOKENS.feed(), "application/json", techSme(uscc))
                        .statusCode())
                .isEqualTo(202);
        JsonNode notice = await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> {
                            JsonNode inbox = StackClient.json(gateway.get("/api/notices", TOKENS.enterprise(uscc)));
                            return inbox.get("notices").isEmpty()
                                    ? null
                                    : inbox.get("notices").get(0);
                        },
                        n -> n != null);
        String path = "/api/notices/" + notice.get("noticeId").asString();

        assertThat(gateway.get(path, TOKENS.enterprise(uscc)).statusCode()).isEqualTo(200);
        assertThat(gateway.get(path, TOKENS.enterprise(OTHER)).statusCode()).isIn(403, 404);
        assertThat(gateway.get("/api/decisions/" + uscc, TOKENS.enterprise(OTHER))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    @Order(5)
    void malformedJsonIs400WithAPointerAndAWrongCheckCharacterIs422NamingTheField() {
        HttpResponse<String> malformed = gateway.send(
                "POST",
                "/api/intake/events",
                TOKENS.feed(),
                "application/json",
                "{\"specversion\": \"1.0\", ".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(StackClient.json(malformed).has("pointer")).isTrue();

        String uscc = EventFeed.newUscc();
        String wrong = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
        HttpResponse<String> refused =
                gateway.send("POST", "/api/intake/events", TOKENS.feed(), "application/json", rating(wrong, "A"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(StackClient.json(refused).get("violations").findValuesAsString("pointer"))
                .contains("/data/uscc");
        assertThat(StackSummary.records(stack.kafka(KafkaPrincipals.OBSERVER), "tax.filings.v1"))
                .noneMatch(r -> wrong.equals(r.key()));
    }

    @Test
    @Order(6)
    void aCsvWithOneBadRowRejectsThatLineAndPublishesTheOthersOnce() {
        String first = EventFeed.newUscc();
        String second = EventFeed.newUscc();
        String csv = """
                time,uscc,year,rating
                2024-04-15T09:00:00+08:00,%s,2023,A
                2024-04-15T09:00:00+08:00,%s,2023,Z
                2024-04-15T09:00:00+08:00,%s,2023,B
                """.formatted(first, EventFeed.newUscc(), second);
        String path = "/api/intake/events/csv?type=gov.tax.credit-rating.v1&source=/feeds/tax/370000";

        HttpResponse<String> response =
                gateway.send("POST", path, TOKENS.feed(), "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> again =
                gateway.send("POST", path, TOKENS.feed(), "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        JsonNode receipt = StackClient.json(response);
        assertThat(receipt.get("accepted").asInt()).isEqualTo(2);
        assertThat(receipt.get("rejected").asInt()).isEqualTo(1);
        JsonNode bad = receipt.get("items").get(1);
        assertThat(bad.get("line").asInt()).isEqualTo(3);
        assertThat(bad.get("violations").findValuesAsString("pointer")).contains("/data/rating");
        assertThat(StackClient.json(again).get("duplicates").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                StackSummary.records(stack.kafka(KafkaPrincipals.OBSERVER), "tax.filings.v1").stream()
                                        .filter(r ->
                                                r.key().equals(first) || r.key().equals(second)))
                        .hasSize(2));
    }

    @Test
    @Order(7)
    void hostileParametersOnEveryRouteGetA4xxAndStoreNothing() {
        Map<String, Integer> before = factTopicSizes();
        String sql = URLEncoder.encode("' OR '1'='1'; DROP TABLE ledger_entry; --", StandardCharsets.UTF_8);
        String control = "%00%07%1B%0A";
        String huge = "A".repeat(100_000);
        List<Call> hostile = new ArrayList<>();
        for (String value : List.of(sql, control)) {
            hostile.add(Call.get("/api/decisions/" + value));
            hostile.add(Call.get("/api/decisions/" + OWN + "?policyId=" + value + "&period=" + value));
            hostile.add(Call.get("/api/policies/" + value));
            hostile.add(Call.get("/api/notices/" + value));
            hostile.add(Call.get("/api/notices?page=" + value + "&size=" + value));
            hostile.add(Call.get("/api/audit/decisions?uscc=" + value + "&policyId=" + value + "&decidedFrom=" + value
                    + "&minAmount=" + value));
            hostile.add(Call.get("/api/audit/decisions/" + value));
            hostile.add(Call.get("/api/audit/totals?policyId=" + value + "&period=" + value));
            hostile.add(new Call("POST", "/api/intake/events/csv?type=" + value, "text/csv", "time,uscc\n"));
        }
        // one 100 KB parameter (or path segment) per request, in every route
        hostile.add(Call.get("/api/decisions/" + huge));
        hostile.add(Call.get("/api/decisions/" + OWN + "?policyId=" + huge));
        hostile.add(Call.get("/api/policies/" + huge));
        hostile.add(Call.get("/api/notices?page=" + huge));
        hostile.add(Call.get("/api/audit/decisions?uscc=" + huge));
        hostile.add(Call.get("/api/audit/totals?period=" + huge));
        hostile.add(new Call("POST", "/api/intake/events/csv?type=" + huge, "text/csv", "time,uscc\n"));
        hostile.add(new Call("POST", "/api/intake/events", "text/plain", "' OR 1=1 --"));
        hostile.add(new Call("POST", "/api/intake/events", "application/xml", "<event/>"));
        hostile.add(new Call("POST", "/api/policies", "application/json", "{\"id\":\"x\"}"));

        Map<String, String> tokens = Map.of(
                "/api/intake",
                TOKENS.feed(),
                "/api/notices",
                TOKENS.enterprise(OWN),
                "/api/policies",
                TOKENS.policyAdmin());
        for (Call call : hostile) {
            String token = tokens.entrySet().stream()
                    .filter(e -> call.path().startsWith(e.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(TOKENS.auditor());
            int status = call(gateway, token, call).statusCode();
            assertThat(status)
                    .as(call.method() + " "
                            + call.path().substring(0, Math.min(120, call.path().length())))
                    .isBetween(400, 499);
        }
        // a batch answers for every item: each hostile one rejected, none accepted
        HttpResponse<String> batch = gateway.send(
                "POST",
                "/api/intake/events/batch",
                TOKENS.feed(),
                "application/json",
                "[\"\\u0000\\u0007\", {\"id\": \"'; DROP TABLE intake_event; --\"}]".getBytes(StandardCharsets.UTF_8));
        assertThat(batch.statusCode()).isLessThan(500);
        assertThat(StackClient.json(batch).get("accepted").asInt()).isZero();
        assertThat(StackClient.json(batch).get("rejected").asInt()).isEqualTo(2);
        assertThat(factTopicSizes()).isEqualTo(before);
    }

    @Test
    @Order(8)
    void aBodyOverTheLimitIs413AndABurstIs429WithRetryAfter() {
        byte[] oversize = new byte[6 * 1024 * 1024];
        HttpResponse<String> tooLarge =
                gateway.send("POST", "/api/intake/events/batch", TOKENS.feed(), "application/json", oversize);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        // a user no other test calls as, so that the burst meets a full bucket (the rate limit is per token subject),
        // asking for a policy the service does not know: a small 404 from memory, so that the whole burst reaches the
        // gateway within a second or two however busy the machine is (two CI runs on 2 cores got every one of 300
        // requests for the full policy list through, more slowly than the bucket refills)
        String burstToken = TOKENS.login("auditor2");
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        long started = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            HttpRequest request = gateway.request("/api/policies/no-such-policy", burstToken)
                    .GET()
                    .build();
            burst.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers =
                burst.stream().map(CompletableFuture::join).toList();
        String outcome = answers.stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                HttpResponse::statusCode,
                                java.util.TreeMap::new,
                                java.util.stream.Collectors.counting()))
                + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
        assertThat(answers).as(outcome).anySatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(429);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.body()).contains("Too many requests");
        });
        // the first hundred are let through to the service, which answers for itself
        assertThat(answers)
                .as(outcome)
                .anySatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(404));
    }

    @Test
    @Order(9)
    void aRequestIdIsPassedToTheServiceAndReturned() {
        HttpRequest request = gateway.request("/api/policies", TOKENS.auditor())
                .header("X-Request-Id", "it-trace-4711")
                .GET()
                .build();
        HttpResponse<String> response = gateway.send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("X-Request-Id"))
                .as("once, though the service returns it too")
                .containsExactly("it-trace-4711");
    }

    /**
     * Swagger UI's "Try it out", as a browser does it: each service's description (fetched through the gateway) names
     * the bearer scheme and the gateway as its server, and an operation of it, called at that server with a
     * development token, succeeds.
     */
    @Test
    @Order(9)
    void swaggerUisTryItOutWorksThroughTheGatewayForEveryServiceWithADevelopmentToken() throws Exception {
        byte[] filing = java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of(System.getProperty("user.dir"))
                        .resolve(
                                "../../services/contracts/src/main/resources/contracts/examples/valid/gov.tax.annual-filing.v1.json"));
        record TryItOut(String service, String method, String path, String token, byte[] body) {}
        for (TryItOut tryIt : List.of(
                new TryItOut("eligibility", "GET", "/api/publicity", TOKENS.auditor(), null),
                new TryItOut("notification", "GET", "/api/notices", TOKENS.enterprise(OWN), null),
                new TryItOut("audit", "GET", "/api/audit/decisions", TOKENS.auditor(), null),
                new TryItOut("intake", "POST", "/events", TOKENS.feed(), filing))) {
            JsonNode description = StackClient.json(gateway.get("/openapi/" + tryIt.service(), null));
            assertThat(description
                            .get("components")
                            .get("securitySchemes")
                            .get("bearer")
                            .get("scheme")
                            .asString())
                    .isEqualTo("bearer");
            assertThat(description.get("security").get(0).has("bearer")).isTrue();
            String server = description.get("servers").get(0).get("url").asString();
            assertThat(server).startsWith("http://localhost:" + StackPorts.GATEWAY);
            assertThat(description.get("paths").has(tryIt.path()))
                    .as(tryIt.service() + " describes " + tryIt.path())
                    .isTrue();
            HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create(server + tryIt.path()))
                    .header("Authorization", "Bearer " + tryIt.token())
                    .timeout(java.time.Duration.ofSeconds(30));
            if (tryIt.body() != null) {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(tryIt.body()));
            } else {
                request.GET();
            }
            HttpResponse<String> answer = gateway.send(request.build());
            assertThat(answer.statusCode()).as(tryIt + ": " + answer.body()).isBetween(200, 299);
        }
    }

    @Test
    @Order(11)
    void aStoppedServiceIsA503ProblemFromTheGatewayWhileTheOthersAnswer() throws Exception {
        ProcessHandle audit = stack.service("audit-service").orElseThrow();
        audit.destroy();
        await().atMost(Duration.ofMinutes(1)).until(() -> !audit.isAlive());

        long start = System.nanoTime();
        HttpResponse<String> down = gateway.get("/api/audit/decisions", TOKENS.auditor());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(down.body()).contains("Service unavailable");
        assertThat(took).as("answered within the gateway's response timeout").isLessThan(Duration.ofSeconds(30));
        assertThat(gateway.get("/api/policies", TOKENS.auditor()).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> call(StackClient client, String token, Call call) {
        byte[] body = call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8);
        if ((call.path().equals("/api/intake/events") || call.path().equals("/events")) && call.body() == null) {
            body = rating(EventFeed.newUscc(), "A");
        }
        return client.send(call.method(), call.path(), token, call.contentType(), body);
    }

    /**
     * One trace from a feed's request to everything it causes: the gateway names it ({@code X-Trace-Id}); the decision,
     * its publicity and its notices are published in it, so each of their ledger entries keeps it; the services' JSON
     * log lines carry it, and their span lines show where it went; a refusal's problem names its own.
     */
    @Test
    @Order(10)
    void oneTraceFromTheFeedsRequestToTheDecisionItsNoticesTheirLedgerEntriesAndTheLogs() throws Exception {
        String uscc = EventFeed.newUscc();
        byte[] batch = ("[" + new String(registration(uscc), StandardCharsets.UTF_8) + ","
                        + new String(techSme(uscc), StandardCharsets.UTF_8) + "]")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> posted =
                gateway.send("POST", "/api/intake/events/batch", TOKENS.feed(), "application/json", batch);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        String traceId = posted.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}");

        JsonNode timeline = await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> {
                            JsonNode decisions = StackClient.json(
                                            gateway.get("/api/audit/decisions?uscc=" + uscc, TOKENS.auditor()))
                                    .get("decisions");
                            if (decisions.isEmpty()) {
                                return null;
                            }
                            return StackClient.json(gateway.get(
                                            "/api/audit/decisions/"
                                                    + decisions
                                                            .get(0)
                                                            .get("decisionId")
                                                            .asString(),
                                            TOKENS.auditor()))
                                    .get("timeline");
                        },
                        steps -> steps != null
                                && steps.findValuesAsString("type")
                                        .containsAll(List.of(
                                                "gov.benefit.granted.v1",
                                                "gov.publicity.opened.v1",
                                                "gov.notice.delivered.v1")));
        assertThat(timeline.findValuesAsString("traceId"))
                .as(timeline.toString())
                .hasSize(timeline.size())
                .containsOnly(traceId);

        Path logs = stack.dataDirectory().resolve("logs");
        for (String service : List.of("intake-service", "eligibility-service", "notification-service")) {
            // finished spans are written in batches, within seconds
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<JsonNode> inTrace =
                        Files.readAllLines(logs.resolve(service + ".log"), StandardCharsets.UTF_8).stream()
                                .filter(line -> line.startsWith("{") && line.contains(traceId))
                                .map(StackClient.JSON::readTree)
                                .toList();
                assertThat(inTrace)
                        .as(service + "'s JSON log lines of trace " + traceId)
                        .isNotEmpty()
                        .allSatisfy(line -> assertThat(line.get("@timestamp")).isNotNull())
                        .anySatisfy(line -> assertThat(line.get("message").asString())
                                .startsWith("span ")
                                .contains("trace=" + traceId));
            });
        }
        // the example registration's webhook receiver cannot be reached from here: the attempt's own log line is in the
        // trace too
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                Files.readAllLines(logs.resolve("notification-service.log"), StandardCharsets.UTF_8)
                                        .stream()
                                        .filter(line -> line.startsWith("{"))
                                        .map(StackClient.JSON::readTree)
                                        .filter(line -> traceId.equals(
                                                line.path("traceId").asString(null)))
                                        .map(line -> line.get("message").asString()))
                        .as("notification-service's own log lines in trace " + traceId)
                        .anySatisfy(message -> assertThat(message).contains("(WEBHOOK) attempt")));

        HttpResponse<String> refused = gateway.send(
                "POST",
                "/api/intake/events",
                TOKENS.feed(),
                "application/json",
                "{\"specversion\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(StackClient.json(refused).get("traceId").asString())
                .isEqualTo(refused.headers().firstValue("X-Trace-Id").orElseThrow());
    }

    private static Map<String, Integer> factTopicSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        FACT_TOPICS.forEach(topic -> sizes.put(
                topic,
                StackSummary.records(stack.kafka(KafkaPrincipals.OBSERVER), topic)
                        .size()));
        return sizes;
    }

    private static byte[] rating(String uscc, String rating) {
        ObjectNode event = EventFeed.example("gov.tax.credit-rating.v1", uscc);
        ((ObjectNode) event.get("data")).put("rating", rating);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] registration(String uscc) {
        return EventFeed.example("gov.enterprise.registered.v1", uscc)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] techSme(String uscc) {
        ObjectNode event = EventFeed.example("gov.sci.certification.granted.v1", uscc);
        ((ObjectNode) event.get("data"))
                .put("kind", "TECH_SME")
                .put("certificateNo", "TS-" + uscc)
                .put("issuedOn", "2024-03-01")
                .put("validUntil", "2024-12-31");
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
