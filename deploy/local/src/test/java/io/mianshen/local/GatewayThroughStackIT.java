package io.mianshen.local;

import io.mianshen.local.demo.StackSummary;
import io.mianshen.local.demo.SyntheticUscc;
import io.mianshen.testsupport.EventFeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway in front of the real services, each in its own process on the local stack: who may call what, rate
 * and body limits, intake errors with their pointers and line numbers, hostile parameters on every route, and a
 * service that stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayThroughStackIT {

    private static final String KAFKA = "localhost:" + StackPorts.KAFKA;
    private static final List<String> FACT_TOPICS = List.of("enterprise.registry.v1", "tax.filings.v1", "sci.certifications.v1");
    private static final DevTokens TOKENS = StackClient.TOKENS;
    private static final String OWN = EventFeed.newUscc();
    private static final String OTHER = EventFeed.newUscc();

    private static RunningStack stack;
    private final StackClient gateway = StackClient.gateway();

    @BeforeAll
    static void start() throws Exception {
        stack = RunningStack.start("it-gateway");
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

    @Test
    @Order(1)
    void everyRoleAndNoTokenAgainstEveryRouteGetTheExpectedStatus() {
        String objection = "{\"text\":\"金额有误\"}";
        Call intake = new Call("POST", "/api/intake/events", "application/json", null);
        Call ownDecisions = Call.get("/api/decisions/" + OWN);
        Call otherDecisions = Call.get("/api/decisions/" + OTHER);
        Call readPolicies = Call.get("/api/policies");
        Call publishPolicy = new Call("POST", "/api/policies?file=x.yaml", "application/yaml", "id: not-a-policy\n");
        Call notices = Call.get("/api/notices");
        Call object = new Call("POST", "/api/notices/" + UUID.randomUUID() + "/objections", "application/json", objection);
        Call auditSearch = Call.get("/api/audit/decisions");
        Call auditVerify = new Call("POST", "/api/audit/verify", null, null);
        Call auditDelete = new Call("DELETE", "/api/audit/decisions/" + UUID.randomUUID(), null, null);

        Map<String, Map<Call, Integer>> expected = new LinkedHashMap<>();
        expected.put("FEED", Map.of(intake, 202));
        // let through, the service answers: 404 for an enterprise it has no facts about, or for a notice that does not exist
        expected.put("ENTERPRISE", Map.of(ownDecisions, 404, notices, 200, object, 404));
        expected.put("AUDITOR", Map.of(ownDecisions, 404, otherDecisions, 404, readPolicies, 200, auditSearch, 200, auditVerify, 200));
        expected.put("POLICY_ADMIN", Map.of(ownDecisions, 404, otherDecisions, 404, readPolicies, 200, publishPolicy, 422));
        Map<String, String> tokens = Map.of("FEED", TOKENS.feed(), "ENTERPRISE", TOKENS.enterprise(OWN), "AUDITOR", TOKENS.auditor(),
                "POLICY_ADMIN", TOKENS.policyAdmin());
        List<Call> all = List.of(intake, ownDecisions, otherDecisions, readPolicies, publishPolicy, notices, object, auditSearch, auditVerify, auditDelete);

        List<String> wrong = new ArrayList<>();
        expected.forEach((role, allowed) -> {
            for (Call call : all) {
                int status = call(tokens.get(role), call).statusCode();
                int want = allowed.getOrDefault(call, 403);
                if (status != want) {
                    wrong.add(role + " " + call + ": " + status + " (expected " + want + ")");
                }
            }
        });
        for (Call call : all) {
            HttpResponse<String> anonymous = call(null, call);
            if (anonymous.statusCode() != 401 || !anonymous.headers().firstValue("Content-Type").orElse("").contains("application/problem+json")) {
                wrong.add("no token " + call + ": " + anonymous.statusCode() + " " + anonymous.headers().firstValue("Content-Type").orElse(""));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    @Order(2)
    void tokensComeFromTheLocalIdentityProviderAndAFeedPublishesOnlyItsOwnSourcesAndTypes() throws Exception {
        Process command = new ProcessBuilder("bash", "../../bin/dev-token", "FEED", "tax").redirectErrorStream(true).start();
        String taxFeed = new String(command.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(command.waitFor()).as(taxFeed).isZero();
        String uscc = EventFeed.newUscc();

        HttpResponse<String> market = gateway.send("POST", "/api/intake/events", taxFeed, "application/json", registration(uscc));
        assertThat(market.statusCode()).isEqualTo(403);
        assertThat(market.body()).contains("feed-tax", "gov.enterprise.registered.v1");
        ObjectNode rating = EventFeed.example("gov.tax.credit-rating.v1", uscc);
        assertThat(gateway.send("POST", "/api/intake/events", taxFeed, "application/json", rating.toString().getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(202);
        rating.put("id", UUID.randomUUID().toString()).put("source", "/feeds/market/370000");
        assertThat(gateway.send("POST", "/api/intake/events", taxFeed, "application/json", rating.toString().getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(403);
        // a token of the old shared development secret, as the first wave's bin/dev-token made them, is refused everywhere
        String hs256 = legacyToken();
        assertThat(gateway.get("/api/audit/decisions", hs256).statusCode()).isEqualTo(401);
        assertThat(new StackClient(StackPorts.AUDIT).get("/api/audit/decisions", hs256).statusCode()).isEqualTo(401);
    }

    /** An HS256 token without exp, signed with the secret every application.yml carried before the identity provider. */
    private static String legacyToken() throws Exception {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString("{\"sub\":\"x\",\"roles\":[\"AUDITOR\"]}".getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("mianshen-local-development-secret-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + base64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    @Order(3)
    void theServicesCheckTheTokenAgainWhenCalledDirectly() {
        Map<Integer, String> paths = Map.of(StackPorts.ELIGIBILITY, "/api/policies", StackPorts.NOTIFICATION, "/api/notices",
                StackPorts.AUDIT, "/api/audit/decisions", StackPorts.INTAKE, "/events");
        paths.forEach((port, path) -> {
            StackClient direct = new StackClient(port);
            String method = port == StackPorts.INTAKE ? "POST" : "GET";
            assertThat(direct.send(method, path, null, "application/json", method.equals("POST") ? new byte[]{'{', '}'} : null).statusCode())
                    .as(port + path + " without a token").isEqualTo(401);
            String wrongRole = port == StackPorts.NOTIFICATION ? TOKENS.auditor() : TOKENS.enterprise(OWN);
            assertThat(direct.send(method, path, wrongRole, "application/json", method.equals("POST") ? new byte[]{'{', '}'} : null).statusCode())
                    .as(port + path + " with the wrong role").isEqualTo(403);
        });
    }

    @Test
    @Order(4)
    void anEnterpriseCannotReadAnotherEnterprisesNotice() {
        String uscc = EventFeed.newUscc();
        assertThat(gateway.send("POST", "/api/intake/events", TOKENS.feed(), "application/json", registration(uscc)).statusCode()).isEqualTo(202);
        assertThat(gateway.send("POST", "/api/intake/events", TOKENS.feed(), "application/json", techSme(uscc)).statusCode()).isEqualTo(202);
        JsonNode notice = await().atMost(Duration.ofMinutes(1)).until(() -> {
            JsonNode inbox = StackClient.json(gateway.get("/api/notices", TOKENS.enterprise(uscc)));
            return inbox.get("notices").isEmpty() ? null : inbox.get("notices").get(0);
        }, n -> n != null);
        String path = "/api/notices/" + notice.get("noticeId").asString();

        assertThat(gateway.get(path, TOKENS.enterprise(uscc)).statusCode()).isEqualTo(200);
        assertThat(gateway.get(path, TOKENS.enterprise(OTHER)).statusCode()).isIn(403, 404);
        assertThat(gateway.get("/api/decisions/" + uscc, TOKENS.enterprise(OTHER)).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void malformedJsonIs400WithAPointerAndAWrongCheckCharacterIs422NamingTheField() {
        HttpResponse<String> malformed = gateway.send("POST", "/api/intake/events", TOKENS.feed(), "application/json",
                "{\"specversion\": \"1.0\", ".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(StackClient.json(malformed).has("pointer")).isTrue();

        String uscc = EventFeed.newUscc();
        String wrong = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
        HttpResponse<String> refused = gateway.send("POST", "/api/intake/events", TOKENS.feed(), "application/json", rating(wrong, "A"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(StackClient.json(refused).get("violations").findValuesAsString("pointer")).contains("/data/uscc");
        assertThat(StackSummary.records(KAFKA, "tax.filings.v1")).noneMatch(r -> wrong.equals(r.key()));
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

        HttpResponse<String> response = gateway.send("POST", path, TOKENS.feed(), "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> again = gateway.send("POST", path, TOKENS.feed(), "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        JsonNode receipt = StackClient.json(response);
        assertThat(receipt.get("accepted").asInt()).isEqualTo(2);
        assertThat(receipt.get("rejected").asInt()).isEqualTo(1);
        JsonNode bad = receipt.get("items").get(1);
        assertThat(bad.get("line").asInt()).isEqualTo(3);
        assertThat(bad.get("violations").findValuesAsString("pointer")).contains("/data/rating");
        assertThat(StackClient.json(again).get("duplicates").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(StackSummary.records(KAFKA, "tax.filings.v1").stream()
                .filter(r -> r.key().equals(first) || r.key().equals(second))).hasSize(2));
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
            hostile.add(Call.get("/api/audit/decisions?uscc=" + value + "&policyId=" + value + "&decidedFrom=" + value + "&minAmount=" + value));
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

        Map<String, String> tokens = Map.of("/api/intake", TOKENS.feed(), "/api/notices", TOKENS.enterprise(OWN), "/api/policies", TOKENS.policyAdmin());
        for (Call call : hostile) {
            String token = tokens.entrySet().stream().filter(e -> call.path().startsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                    .orElse(TOKENS.auditor());
            int status = call(token, call).statusCode();
            assertThat(status).as(call.method() + " " + call.path().substring(0, Math.min(120, call.path().length()))).isBetween(400, 499);
        }
        // a batch answers for every item: each hostile one rejected, none accepted
        HttpResponse<String> batch = gateway.send("POST", "/api/intake/events/batch", TOKENS.feed(), "application/json",
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
        HttpResponse<String> tooLarge = gateway.send("POST", "/api/intake/events/batch", TOKENS.feed(), "application/json", oversize);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        // an enterprise of its own, so that the burst meets a full bucket (the rate limit is per token subject)
        String burstToken = TOKENS.enterprise(SyntheticUscc.next(new java.util.Random(), "370102"));
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            HttpRequest request = gateway.request("/api/notices", burstToken).GET().build();
            burst.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = burst.stream().map(CompletableFuture::join).toList();
        assertThat(answers).anySatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(429);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.body()).contains("Too many requests");
        });
        assertThat(answers).anySatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
    }

    @Test
    @Order(9)
    void aRequestIdIsPassedToTheServiceAndReturned() {
        HttpRequest request = gateway.request("/api/policies", TOKENS.auditor()).header("X-Request-Id", "it-trace-4711").GET().build();
        HttpResponse<String> response = gateway.send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("X-Request-Id")).contains("it-trace-4711");
    }

    @Test
    @Order(10)
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

    private HttpResponse<String> call(String token, Call call) {
        byte[] body = call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8);
        if (call.path().equals("/api/intake/events") && call.body() == null) {
            body = rating(EventFeed.newUscc(), "A");
        }
        return gateway.send(call.method(), call.path(), token, call.contentType(), body);
    }

    private static Map<String, Integer> factTopicSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        FACT_TOPICS.forEach(topic -> sizes.put(topic, StackSummary.records(KAFKA, topic).size()));
        return sizes;
    }

    private static byte[] rating(String uscc, String rating) {
        ObjectNode event = EventFeed.example("gov.tax.credit-rating.v1", uscc);
        ((ObjectNode) event.get("data")).put("rating", rating);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] registration(String uscc) {
        return EventFeed.example("gov.enterprise.registered.v1", uscc).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] techSme(String uscc) {
        ObjectNode event = EventFeed.example("gov.sci.certification.granted.v1", uscc);
        ((ObjectNode) event.get("data")).put("kind", "TECH_SME").put("certificateNo", "TS-" + uscc).put("issuedOn", "2024-03-01").put("validUntil", "2024-12-31");
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
