package io.mianshen.audit;

import io.mianshen.testsupport.EventFeed;
import tools.jackson.databind.node.ObjectNode;

import java.util.UUID;

/** Decision and notice events for the audit service's tests, made from the contract's examples. */
public final class AuditEvents implements AutoCloseable {

    private final EventFeed feed = new EventFeed();

    public ObjectNode granted(String uscc, String policyId, String period, String amount) {
        ObjectNode event = decision("gov.benefit.granted.v1", uscc);
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("policyId", policyId);
        data.put("period", period);
        data.put("amount", amount);
        return feed.publish("benefit.decisions.v1", event);
    }

    public ObjectNode adjusted(ObjectNode granted, String amount) {
        ObjectNode event = decision("gov.benefit.adjusted.v1", granted.get("subject").asString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("policyId", granted.get("data").get("policyId").asString());
        data.put("period", granted.get("data").get("period").asString());
        data.put("supersedes", granted.get("data").get("decisionId").asString());
        data.put("previousAmount", granted.get("data").get("amount").asString());
        data.put("amount", amount);
        return feed.publish("benefit.decisions.v1", event);
    }

    public ObjectNode revoked(ObjectNode live, String recoverAmount) {
        ObjectNode event = decision("gov.benefit.revoked.v1", live.get("subject").asString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("policyId", live.get("data").get("policyId").asString());
        data.put("period", live.get("data").get("period").asString());
        data.put("revokes", live.get("data").get("decisionId").asString());
        data.put("recoverAmount", recoverAmount);
        return feed.publish("benefit.decisions.v1", event);
    }

    public ObjectNode delivered(ObjectNode decision, String channel) {
        ObjectNode event = EventFeed.example("gov.notice.delivered.v1", decision.get("subject").asString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("decisionId", decision.get("data").get("decisionId").asString());
        data.put("noticeId", UUID.randomUUID().toString());
        data.put("channel", channel);
        return feed.publish("notices.v1", event);
    }

    public ObjectNode objection(ObjectNode decision, String text) {
        ObjectNode event = EventFeed.example("gov.notice.objection-raised.v1", decision.get("subject").asString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("decisionId", decision.get("data").get("decisionId").asString());
        data.put("objectionId", UUID.randomUUID().toString());
        data.put("text", text);
        return feed.publish("notices.v1", event);
    }

    /** Publishes {@code event} again, unchanged (same source and id). */
    public void repeat(ObjectNode event) {
        feed.publish(event.get("type").asString().startsWith("gov.benefit.") ? "benefit.decisions.v1" : "notices.v1", event);
    }

    private static ObjectNode decision(String type, String uscc) {
        ObjectNode event = EventFeed.example(type, uscc);
        String decisionId = UUID.randomUUID().toString();
        event.put("id", decisionId);
        ((ObjectNode) event.get("data")).put("decisionId", decisionId);
        return event;
    }

    @Override
    public void close() {
        feed.close();
    }
}
