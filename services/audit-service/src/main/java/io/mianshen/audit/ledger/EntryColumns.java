package io.mianshen.audit.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;

/**
 * The searchable columns of a ledger entry, all derived from its event; verification derives them again
 * and compares, so that a changed column is caught as surely as a changed event.
 */
record EntryColumns(
        String eventSource,
        String eventId,
        String eventType,
        String uscc,
        Instant occurredAt,
        String decisionId,
        String relatedDecisionId,
        String policyId,
        String period,
        String enterpriseName,
        BigDecimal amount,
        BigDecimal previousAmount,
        BigDecimal recoverAmount,
        String reason,
        String noticeId,
        String channel) {

    static EntryColumns of(JsonNode event) {
        JsonNode data = event.get("data");
        String type = event.get("type").asString();
        // the decision an adjustment supersedes, a revocation revokes, a queue exit leaves or a queued increase would
        // increase
        String related = text(data, "supersedes") != null
                ? text(data, "supersedes")
                : text(data, "revokes") != null
                        ? text(data, "revokes")
                        : text(data, "leaves") != null ? text(data, "leaves") : text(data, "increases");
        String reason = type.equals("gov.notice.objection-raised.v1")
                ? text(data, "text")
                : type.equals("gov.notice.failed.v1") ? text(data, "lastError") : text(data, "reason");
        return new EntryColumns(
                event.get("source").asString(),
                event.get("id").asString(),
                type,
                event.get("subject").asString(),
                OffsetDateTime.parse(event.get("time").asString()).toInstant().truncatedTo(ChronoUnit.MICROS),
                text(data, "decisionId"),
                related,
                text(data, "policyId"),
                text(data, "period"),
                text(data, "enterpriseName"),
                money(data, "amount"),
                money(data, "previousAmount"),
                money(data, "recoverAmount"),
                reason,
                text(data, "noticeId"),
                text(data, "channel"));
    }

    /** A grant, an adjustment or a revocation: what the totals count (a budget queue's entries and exits move no money). */
    boolean isDecision() {
        return eventType.equals("gov.benefit.granted.v1")
                || eventType.equals("gov.benefit.adjusted.v1")
                || eventType.equals("gov.benefit.revoked.v1");
    }

    private static String text(JsonNode data, String field) {
        return data.hasNonNull(field) ? data.get(field).asString() : null;
    }

    private static BigDecimal money(JsonNode data, String field) {
        return data.hasNonNull(field) ? new BigDecimal(data.get(field).asString()).setScale(2) : null;
    }
}
