package io.mianshen.local.demo;

import io.mianshen.local.DevTokens;
import io.mianshen.local.StackFailure;
import io.mianshen.local.infra.KafkaAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's publicity and review (公示 and 复核), as its users do it through the gateway: someone objects, without a
 * token, to two grants on the public list; the development reviewer upholds the first (the grant is revoked) and
 * rejects the second (it stands); the demo waits until the revocation naming the ruling is on benefit.decisions.v1.
 */
public final class DemoReview {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI gateway;
    private final DevTokens tokens;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DemoReview(URI gateway, DevTokens tokens) {
        this.gateway = gateway;
        this.tokens = tokens;
    }

    /**
     * The two rulings made.
     *
     * @param upheld   the ruling that revoked its grant
     * @param rejected the ruling that left its grant standing
     */
    public record Rulings(String upheld, String rejected) {}

    /** Objects to the first two published grants, rules on them, and waits for the revocation. */
    public Rulings run(KafkaAccess observer, Duration patience) {
        JsonNode entries = JSON.readTree(call("GET", "/api/publicity?limit=2", null, null, 200))
                .get("entries");
        if (entries.size() < 2) {
            throw new StackFailure("the demo expected two grants on the publicity list, found " + entries.size());
        }
        String first = entries.get(0).get("decisionId").asString();
        String second = entries.get(1).get("decisionId").asString();
        object(first, "该企业研发费用中包含委托境外研发部分，应予剔除。");
        object(second, "该企业认定高新技术企业时是否仍属中小企业存疑。");
        String reviewer = tokens.reviewer();
        String upheld = rule(
                reviewer,
                first,
                Map.of("outcome", "UPHELD", "correction", "REVOKE", "reasons", "经核实，异议成立：据以奖励的研发费用不符合政策口径，撤销原决定。"));
        String rejected =
                rule(reviewer, second, Map.of("outcome", "REJECTED", "reasons", "经核实，企业认定时符合中小企业标准，异议不成立，维持原决定。"));
        Instant deadline = Instant.now().plus(patience);
        while (StackSummary.records(observer, "benefit.decisions.v1").stream()
                .map(r -> JSON.readTree(r.value()))
                .noneMatch(e -> upheld.equals(e.path("data").path("rulingId").asString(null)))) {
            if (Instant.now().isAfter(deadline)) {
                throw new StackFailure(
                        "no revocation named ruling " + upheld + " within " + patience.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        return new Rulings(upheld, rejected);
    }

    private void object(String decisionId, String reason) {
        call(
                "POST",
                "/api/publicity/" + decisionId + "/objections",
                null,
                JSON.writeValueAsString(Map.of("name", "王五", "contact", "wangwu@example.cn", "reason", reason)),
                201);
    }

    private String rule(String token, String decisionId, Map<String, String> ruling) {
        return JSON.readTree(call(
                        "POST", "/api/reviews/" + decisionId + "/ruling", token, JSON.writeValueAsString(ruling), 201))
                .get("rulingId")
                .asString();
    }

    private String call(String method, String path, String token, String body, int expected) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new StackFailure(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new StackFailure(method + " " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailure(method + " " + path + " interrupted");
        }
    }
}
