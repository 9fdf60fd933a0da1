package io.mianshen.testsupport;

import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decision events as the eligibility service publishes them, made from the contract's examples with a new
 * decisionId (also the CloudEvents id), for the tests of the services that consume them.
 */
public final class BenefitEvents {

    private BenefitEvents() {}

    /** A grant of {@code amount} of {@code policyId} for {@code period}. */
    public static ObjectNode granted(String uscc, String policyId, String period, String amount) {
        ObjectNode event = decision("gov.benefit.granted.v1", uscc);
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("policyId", policyId);
        data.put("period", period);
        data.put("amount", amount);
        return event;
    }

    /** The adjustment of {@code granted} to {@code amount}. */
    public static ObjectNode adjusted(ObjectNode granted, String amount) {
        ObjectNode event = following("gov.benefit.adjusted.v1", granted);
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("supersedes", granted.get("data").get("decisionId").asString());
        data.put("previousAmount", granted.get("data").get("amount").asString());
        data.put("amount", amount);
        return event;
    }

    /** The revocation of the live decision {@code live}, asking back {@code recoverAmount}. */
    public static ObjectNode revoked(ObjectNode live, String recoverAmount) {
        ObjectNode event = following("gov.benefit.revoked.v1", live);
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("revokes", live.get("data").get("decisionId").asString());
        data.put("recoverAmount", recoverAmount);
        return event;
    }

    /**
     * An entry of a new grant to the budget queue of {@code policyId} in {@code period}: {@code ticket} orders the queue,
     * {@code position} is its place when it joined.
     */
    public static ObjectNode queued(
            String uscc, String policyId, String period, String amount, String waitingFor, long ticket, int position) {
        ObjectNode event = decision("gov.benefit.queued.v1", uscc);
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("policyId", policyId);
        data.put("period", period);
        data.put("amount", amount);
        data.put("waitingFor", waitingFor);
        data.put("ticket", ticket);
        data.put("position", position);
        data.remove("increases");
        return event;
    }

    /** The exit of {@code queued} from its queue, granted now or not, for {@code reason}. */
    public static ObjectNode queueLeft(ObjectNode queued, boolean granted, String reason) {
        ObjectNode event = following("gov.benefit.queue-left.v1", queued);
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("leaves", queued.get("data").get("decisionId").asString());
        data.put("granted", granted);
        data.put("reason", reason);
        return event;
    }

    /** A decision of {@code type} on the same enterprise, policy and period as {@code earlier}. */
    private static ObjectNode following(String type, ObjectNode earlier) {
        ObjectNode event = decision(type, earlier.get("subject").asString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("policyId", earlier.get("data").get("policyId").asString());
        data.put("period", earlier.get("data").get("period").asString());
        return event;
    }

    private static ObjectNode decision(String type, String uscc) {
        ObjectNode event = EventFeed.example(type, uscc);
        String decisionId = UUID.randomUUID().toString();
        event.put("id", decisionId);
        ((ObjectNode) event.get("data")).put("decisionId", decisionId);
        return event;
    }
}
