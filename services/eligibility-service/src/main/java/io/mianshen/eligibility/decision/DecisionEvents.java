package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.decision.round.DecisionKey;
import io.mianshen.eligibility.decision.round.LiveDecision;
import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Policy;
import io.mianshen.policy.facts.SourceRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the decision events of events.md as structured CloudEvents, serialised (the explanation written
 * straight from its record, without first being copied into a JSON tree). They are not validated again on
 * every write (that cost a sixth of the listener's time): the tests check every decision event they read
 * against the contract, for every policy of the pack.
 */
@Component
class DecisionEvents {

    static final String TOPIC = "benefit.decisions.v1";
    static final String SOURCE = "/services/eligibility";

    private final JsonMapper json;

    DecisionEvents(JsonMapper json) {
        this.json = json;
    }

    String granted(UUID decisionId, String uscc, Evaluation evaluation, String enterpriseName, Instant decidedAt) {
        return finish(
                "gov.benefit.granted.v1",
                decisionId,
                uscc,
                grantData(decisionId, uscc, evaluation, enterpriseName, decidedAt),
                decidedAt);
    }

    String adjusted(
            UUID decisionId,
            String uscc,
            Evaluation evaluation,
            String enterpriseName,
            Instant decidedAt,
            LiveDecision previous,
            String reason,
            UUID rulingId) {
        ObjectNode data = grantData(decisionId, uscc, evaluation, enterpriseName, decidedAt);
        data.put("supersedes", previous.decisionId().toString());
        data.put("previousAmount", money(previous.amount()));
        data.put("reason", reason);
        if (rulingId != null) {
            data.put("rulingId", rulingId.toString());
        }
        return finish("gov.benefit.adjusted.v1", decisionId, uscc, data, decidedAt);
    }

    String revoked(
            UUID decisionId,
            String uscc,
            Policy policy,
            String period,
            LiveDecision revoked,
            String reason,
            BigDecimal recoverAmount,
            List<SourceRef> basedOn,
            Instant decidedAt,
            UUID rulingId) {
        ObjectNode data = json.createObjectNode();
        data.put("decisionId", decisionId.toString());
        data.put("revokes", revoked.decisionId().toString());
        data.put("uscc", uscc);
        data.put("policyId", policy.id());
        data.put("period", period);
        data.put("reason", reason);
        data.put("recoverAmount", money(recoverAmount));
        data.put("decidedAt", time(decidedAt));
        data.set("basedOn", sources(basedOn));
        if (rulingId != null) {
            data.put("rulingId", rulingId.toString());
        }
        return finish("gov.benefit.revoked.v1", decisionId, uscc, data, decidedAt);
    }

    /** An eligible decision joined its budget's queue ({@code gov.benefit.queued.v1}). */
    String queued(
            UUID decisionId,
            DecisionKey key,
            String enterpriseName,
            Evaluation explained,
            LiveDecision live,
            BigDecimal waitingFor,
            long ticket,
            int position,
            String reason,
            Instant decidedAt) {
        Policy policy = explained.policy();
        ObjectNode data = json.createObjectNode();
        data.put("decisionId", decisionId.toString());
        data.put("uscc", key.uscc());
        data.put("enterpriseName", enterpriseName);
        data.put("policyId", policy.id());
        data.put("policyVersion", policy.version());
        data.put("policyTitle", policy.title());
        data.put("period", key.period());
        data.put("amount", money(explained.amount()));
        data.put("waitingFor", money(waitingFor));
        if (live != null) {
            data.put("increases", live.decisionId().toString());
        }
        data.put("ticket", ticket);
        data.put("position", position);
        data.put("reason", reason);
        data.put("decidedAt", time(decidedAt));
        data.set("basedOn", sources(explained.explanation().basedOn()));
        return finish("gov.benefit.queued.v1", decisionId, key.uscc(), data, decidedAt);
    }

    /** A decision waiting in its budget's queue left it ({@code gov.benefit.queue-left.v1}). */
    String queueLeft(UUID decisionId, DecisionKey key, UUID leaves, boolean granted, String reason, Instant decidedAt) {
        ObjectNode data = json.createObjectNode();
        data.put("decisionId", decisionId.toString());
        data.put("leaves", leaves.toString());
        data.put("uscc", key.uscc());
        data.put("policyId", key.policyId());
        data.put("period", key.period());
        data.put("granted", granted);
        data.put("reason", reason);
        data.put("decidedAt", time(decidedAt));
        return finish("gov.benefit.queue-left.v1", decisionId, key.uscc(), data, decidedAt);
    }

    private ObjectNode grantData(
            UUID decisionId, String uscc, Evaluation evaluation, String enterpriseName, Instant decidedAt) {
        Policy policy = evaluation.policy();
        ObjectNode data = json.createObjectNode();
        data.put("decisionId", decisionId.toString());
        data.put("uscc", uscc);
        data.put("enterpriseName", enterpriseName);
        data.put("policyId", policy.id());
        data.put("policyVersion", policy.version());
        data.put("policyTitle", policy.title());
        ObjectNode legalBasis = data.putObject("legalBasis");
        legalBasis.put("document", policy.legalBasis().document());
        legalBasis.put("article", policy.legalBasis().article());
        data.put("period", evaluation.period().label());
        data.put("benefitKind", policy.benefitKind().name());
        data.put("amount", money(evaluation.amount()));
        data.put("currency", "CNY");
        data.put("decidedAt", time(decidedAt));
        data.set("basedOn", sources(evaluation.explanation().basedOn()));
        data.putPOJO("explanation", evaluation.explanation());
        return data;
    }

    /** The event in structured form, serialised as it is stored and published. */
    private String finish(String type, UUID decisionId, String uscc, ObjectNode data, Instant decidedAt) {
        return json.writeValueAsString(io.mianshen.contracts.CloudEventForms.structured(
                type, decisionId.toString(), SOURCE, uscc, decidedAt, data));
    }

    private ArrayNode sources(List<SourceRef> basedOn) {
        ArrayNode array = json.createArrayNode();
        basedOn.forEach(s -> array.addObject().put("source", s.source()).put("id", s.id()));
        return array;
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
