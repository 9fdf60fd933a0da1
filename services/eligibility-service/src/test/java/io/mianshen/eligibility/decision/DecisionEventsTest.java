package io.mianshen.eligibility.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.contracts.EventContract;
import io.mianshen.eligibility.decision.round.LiveDecision;
import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Outcome;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.PolicyExample;
import io.mianshen.policy.PolicyPack;
import io.mianshen.policy.facts.Period;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every kind of decision event keeps the public contract (the service does not check its own output on every
 * write), for every eligible example of every policy of the pack, with the fields consumers dedupe and settle on.
 */
class DecisionEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventContract CONTRACT = EventContract.load();
    private final DecisionEvents events = new DecisionEvents(JSON);

    @Test
    void everyKindOfDecisionEventKeepsTheContract() {
        String uscc = "91370100MA3C0QXJ4F";
        Instant now = Instant.parse("2024-05-20T08:00:01.123456Z");
        List<Evaluation> eligible =
                examples().stream().filter(e -> e.outcome() == Outcome.ELIGIBLE).toList();
        assertThat(eligible)
                .extracting(e -> e.policy().id())
                .containsAll(
                        PolicyPack.bundled().policies().stream().map(Policy::id).toList());
        for (Evaluation evaluation : eligible) {
            LiveDecision previous = new LiveDecision(UUID.randomUUID(), new BigDecimal("125000.00"));
            UUID id = UUID.randomUUID();
            JsonNode granted = JSON.readTree(events.granted(id, uscc, evaluation, "济南示例科技有限公司", now));
            JsonNode adjusted =
                    JSON.readTree(events.adjusted(id, uscc, evaluation, "济南示例科技有限公司", now, previous, "事实变更", null));
            JsonNode revoked = JSON.readTree(events.revoked(
                    id,
                    uscc,
                    evaluation.policy(),
                    evaluation.period().label(),
                    previous,
                    "不再符合条件",
                    new BigDecimal("125000.00"),
                    evaluation.explanation().basedOn(),
                    now,
                    null));
            UUID ruling = UUID.randomUUID();
            JsonNode revokedOnReview = JSON.readTree(events.revoked(
                    id,
                    uscc,
                    evaluation.policy(),
                    evaluation.period().label(),
                    previous,
                    "复核裁定撤销",
                    new BigDecimal("125000.00"),
                    evaluation.explanation().basedOn(),
                    now,
                    ruling));
            assertThat(revokedOnReview.get("data").get("rulingId").asString()).isEqualTo(ruling.toString());
            assertThat(revoked.get("data").has("rulingId")).isFalse();
            for (JsonNode event : List.of(granted, adjusted, revoked, revokedOnReview)) {
                assertThat(CONTRACT.validateEvent(event, DecisionEvents.TOPIC, uscc))
                        .as(event.toString())
                        .isEmpty();
                assertThat(event.get("id").asString()).isEqualTo(id.toString());
                assertThat(event.get("time").asString()).isEqualTo("2024-05-20T08:00:01.123Z");
            }
            assertThat(granted.get("data").get("amount").asString())
                    .isEqualTo(evaluation.amount().toPlainString());
            assertThat(granted.get("data").get("explanation").get("summaryZh").asString())
                    .isEqualTo(evaluation.explanation().summaryZh());
            assertThat(adjusted.get("data").get("supersedes").asString())
                    .isEqualTo(previous.decisionId().toString());
            assertThat(adjusted.get("data").get("previousAmount").asString()).isEqualTo("125000.00");
            assertThat(revoked.get("data").get("revokes").asString())
                    .isEqualTo(previous.decisionId().toString());
            assertThat(revoked.get("data").get("recoverAmount").asString()).isEqualTo("125000.00");
        }
    }

    /** Every example of the pack's policies that the policy decides, evaluated with its explanation. */
    private static List<Evaluation> examples() {
        List<Evaluation> evaluations = new ArrayList<>();
        for (Policy policy : PolicyPack.bundled().policies()) {
            for (PolicyExample example : policy.examples()) {
                if (!example.inForce()) {
                    continue;
                }
                Period period = example.period().equals("ONCE")
                        ? policy.oncePeriod(example.facts()).orElse(null)
                        : Period.parse(example.period());
                if (period != null && policy.inForce(period)) {
                    evaluations.add(PolicyEngine.evaluate(policy, example.facts(), period));
                }
            }
        }
        return evaluations;
    }
}
