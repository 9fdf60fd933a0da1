package io.mianshen.eligibility.publicity;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.support.outbox.Outbox;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The steps of a published grant as events of {@code benefit.publicity.v1} (events.md): it entered publicity
 * ({@code gov.publicity.opened.v1}), an objection was received ({@code gov.publicity.objection-received.v1}), a reviewer
 * ruled ({@code gov.publicity.ruled.v1}), it became final ({@code gov.publicity.final.v1}). Each is appended to the
 * outbox in the caller's transaction, keyed by the enterprise's USCC.
 */
@Component
public class PublicityEvents {

    /** The topic of publicity and review. */
    public static final String TOPIC = "benefit.publicity.v1";

    static final String SOURCE = "/services/eligibility";

    private final JsonMapper json;
    private final Outbox outbox;

    PublicityEvents(JsonMapper json, Outbox outbox) {
        this.json = json;
        this.outbox = outbox;
    }

    /** Grants entered publicity, each open from {@code opensOn} to its window's last day. */
    void opened(List<Publicity.Entry> entries, List<LocalDate> closesOn, LocalDate opensOn, Instant at) {
        List<Outbox.Entry> events = new java.util.ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Publicity.Entry entry = entries.get(i);
            ObjectNode data = json.createObjectNode();
            data.put("decisionId", entry.decisionId().toString());
            data.put("uscc", entry.uscc());
            data.put(
                    "enterpriseName",
                    entry.enterpriseName() == null || entry.enterpriseName().isBlank()
                            ? entry.uscc()
                            : entry.enterpriseName());
            data.put("policyId", entry.policyId());
            data.put("period", entry.period());
            data.put("amount", money(entry.amount()));
            data.put("opensOn", opensOn.toString());
            data.put("closesOn", closesOn.get(i).toString());
            UUID id = UUID.nameUUIDFromBytes(("gov.publicity.opened.v1 " + entry.decisionId())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            events.add(event("gov.publicity.opened.v1", id, entry.uscc(), data, at));
        }
        outbox.appendAll(events);
    }

    /** An objection to a published grant was recorded. */
    void objectionReceived(
            UUID objectionId,
            UUID decisionId,
            String uscc,
            String policyId,
            String period,
            String objectorKind,
            String reason,
            Instant raisedAt) {
        ObjectNode data = json.createObjectNode();
        data.put("objectionId", objectionId.toString());
        data.put("decisionId", decisionId.toString());
        data.put("uscc", uscc);
        data.put("policyId", policyId);
        data.put("period", period);
        data.put("objectorKind", objectorKind);
        data.put("reason", reason);
        data.put("raisedAt", time(raisedAt));
        outbox.appendAll(List.of(event("gov.publicity.objection-received.v1", objectionId, uscc, data, raisedAt)));
    }

    /**
     * An objection the ruling answers.
     *
     * @param contact a public objector's e-mail address or telephone number; null for the enterprise
     */
    public record Objector(UUID objectionId, String objectorKind, String name, String contact) {}

    /**
     * A ruling, as published.
     *
     * @param correction REVOKE or ADJUST for UPHELD, null for REJECTED
     * @param amount     the corrected amount for ADJUST, else null
     */
    public record Ruling(
            UUID rulingId,
            UUID decisionId,
            String uscc,
            String enterpriseName,
            String policyId,
            String period,
            BigDecimal grantedAmount,
            String outcome,
            String correction,
            BigDecimal amount,
            String reasons,
            String reviewer,
            Instant ruledAt,
            List<Objector> objections) {}

    /** A reviewer ruled. */
    public void ruled(Ruling ruling) {
        ObjectNode data = json.createObjectNode();
        data.put("rulingId", ruling.rulingId().toString());
        data.put("decisionId", ruling.decisionId().toString());
        data.put("uscc", ruling.uscc());
        if (ruling.enterpriseName() != null && !ruling.enterpriseName().isBlank()) {
            data.put("enterpriseName", ruling.enterpriseName());
        }
        data.put("policyId", ruling.policyId());
        data.put("period", ruling.period());
        data.put("grantedAmount", money(ruling.grantedAmount()));
        data.put("outcome", ruling.outcome());
        if (ruling.correction() != null) {
            data.put("correction", ruling.correction());
        }
        if (ruling.amount() != null) {
            data.put("amount", money(ruling.amount()));
        }
        data.put("reasons", ruling.reasons());
        data.put("reviewer", ruling.reviewer());
        data.put("ruledAt", time(ruling.ruledAt()));
        ArrayNode objections = data.putArray("objections");
        for (Objector objector : ruling.objections()) {
            ObjectNode o = objections.addObject();
            o.put("objectionId", objector.objectionId().toString());
            o.put("objectorKind", objector.objectorKind());
            o.put("name", objector.name());
            if (objector.contact() != null) {
                o.put("contact", objector.contact());
            }
        }
        outbox.appendAll(
                List.of(event("gov.publicity.ruled.v1", ruling.rulingId(), ruling.uscc(), data, ruling.ruledAt())));
    }

    /**
     * A published grant became final.
     *
     * @param after    WINDOW or RULING
     * @param rulingId for RULING, the ruling
     */
    void finalized(
            UUID decisionId,
            String uscc,
            String policyId,
            String period,
            BigDecimal amount,
            LocalDate finalOn,
            String after,
            UUID rulingId,
            Instant at) {
        ObjectNode data = json.createObjectNode();
        data.put("decisionId", decisionId.toString());
        data.put("uscc", uscc);
        data.put("policyId", policyId);
        data.put("period", period);
        data.put("amount", money(amount));
        data.put("finalOn", finalOn.toString());
        data.put("after", after);
        if (rulingId != null) {
            data.put("rulingId", rulingId.toString());
        }
        UUID id = UUID.nameUUIDFromBytes(
                ("gov.publicity.final.v1 " + decisionId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        outbox.appendAll(List.of(event("gov.publicity.final.v1", id, uscc, data, at)));
    }

    private Outbox.Entry event(String type, UUID id, String uscc, ObjectNode data, Instant at) {
        ObjectNode event = CloudEventForms.structured(type, id.toString(), SOURCE, uscc, at, data);
        return new Outbox.Entry(TOPIC, uscc, id.toString(), json.writeValueAsString(event));
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
