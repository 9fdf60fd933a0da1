package io.mianshen.notification.notices;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/**
 * A decision event of {@code benefit.decisions.v1}, bound to a record per event type once the contract has checked
 * it, with what the notices read of it. Money stays {@link BigDecimal}.
 */
public sealed interface DecisionEvent {

    /** The event's own decision id. */
    String decisionId();

    String uscc();

    String policyId();

    /** FY2023, Y2023 or ONCE. */
    String period();

    /**
     * The legal basis a grant names.
     *
     * @param document the document number
     * @param article  the article
     */
    record Basis(String document, String article) {}

    /**
     * {@code gov.benefit.granted.v1}.
     *
     * @param summaryZh the explanation's summary in Chinese, if it has one
     */
    record Granted(
            String decisionId,
            String uscc,
            String enterpriseName,
            String policyId,
            String policyTitle,
            Basis legalBasis,
            String period,
            String benefitKind,
            BigDecimal amount,
            String summaryZh,
            String summaryEn)
            implements DecisionEvent {}

    /** {@code gov.benefit.adjusted.v1}: a grant with a new amount, superseding an earlier one. */
    record Adjusted(Granted grant, String supersedes, BigDecimal previousAmount, String reason)
            implements DecisionEvent {

        @Override
        public String decisionId() {
            return grant.decisionId();
        }

        @Override
        public String uscc() {
            return grant.uscc();
        }

        @Override
        public String policyId() {
            return grant.policyId();
        }

        @Override
        public String period() {
            return grant.period();
        }
    }

    /** {@code gov.benefit.revoked.v1}. */
    record Revoked(
            String decisionId,
            String revokes,
            String uscc,
            String policyId,
            String period,
            String reason,
            BigDecimal recoverAmount)
            implements DecisionEvent {}

    /** {@code gov.benefit.queued.v1}: an eligible decision waits in its budget's queue. */
    record Queued(
            String decisionId,
            String uscc,
            String enterpriseName,
            String policyId,
            String policyTitle,
            String period,
            BigDecimal amount,
            BigDecimal waitingFor,
            int position,
            String reason)
            implements DecisionEvent {}

    /** {@code gov.benefit.queue-left.v1}: a queued decision left the queue, granted or not. */
    record QueueLeft(
            String decisionId,
            String leaves,
            String uscc,
            String policyId,
            String period,
            boolean granted,
            String reason)
            implements DecisionEvent {}

    /**
     * Binds the data of a decision event of {@code type} that the contract has accepted.
     *
     * @throws IllegalArgumentException for a type that is not a decision type
     */
    static DecisionEvent bind(String type, JsonNode data) {
        return switch (type) {
            case "gov.benefit.granted.v1" -> granted(data);
            case "gov.benefit.adjusted.v1" ->
                new Adjusted(
                        granted(data), text(data, "supersedes"), money(data, "previousAmount"), text(data, "reason"));
            case "gov.benefit.revoked.v1" ->
                new Revoked(
                        text(data, "decisionId"),
                        text(data, "revokes"),
                        text(data, "uscc"),
                        text(data, "policyId"),
                        text(data, "period"),
                        text(data, "reason"),
                        money(data, "recoverAmount"));
            case "gov.benefit.queued.v1" ->
                new Queued(
                        text(data, "decisionId"),
                        text(data, "uscc"),
                        text(data, "enterpriseName"),
                        text(data, "policyId"),
                        text(data, "policyTitle"),
                        text(data, "period"),
                        money(data, "amount"),
                        money(data, "waitingFor"),
                        data.get("position").asInt(),
                        text(data, "reason"));
            case "gov.benefit.queue-left.v1" ->
                new QueueLeft(
                        text(data, "decisionId"),
                        text(data, "leaves"),
                        text(data, "uscc"),
                        text(data, "policyId"),
                        text(data, "period"),
                        data.get("granted").asBoolean(),
                        text(data, "reason"));
            default -> throw new IllegalArgumentException("not a decision type: " + type);
        };
    }

    private static Granted granted(JsonNode data) {
        JsonNode basis = data.path("legalBasis");
        JsonNode explanation = data.path("explanation");
        return new Granted(
                text(data, "decisionId"),
                text(data, "uscc"),
                text(data, "enterpriseName"),
                text(data, "policyId"),
                text(data, "policyTitle"),
                new Basis(text(basis, "document"), text(basis, "article")),
                text(data, "period"),
                text(data, "benefitKind"),
                money(data, "amount"),
                text(explanation, "summaryZh"),
                text(explanation, "summaryEn"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }

    private static BigDecimal money(JsonNode node, String field) {
        return node.hasNonNull(field) ? new BigDecimal(node.get(field).asString()) : null;
    }
}
