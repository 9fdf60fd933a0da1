package io.mianshen.audit;

import io.mianshen.testsupport.BenefitEvents;
import io.mianshen.testsupport.EventFeed;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/** Decision and notice events for the audit service's tests, made from the contract's examples. */
public final class AuditEvents implements AutoCloseable {

    private final EventFeed feed = new EventFeed();

    public ObjectNode granted(String uscc, String policyId, String period, String amount) {
        return feed.publish("benefit.decisions.v1", BenefitEvents.granted(uscc, policyId, period, amount));
    }

    public ObjectNode adjusted(ObjectNode granted, String amount) {
        return feed.publish("benefit.decisions.v1", BenefitEvents.adjusted(granted, amount));
    }

    public ObjectNode revoked(ObjectNode live, String recoverAmount) {
        return feed.publish("benefit.decisions.v1", BenefitEvents.revoked(live, recoverAmount));
    }

    /** An entry to the budget queue of {@code policyId} in {@code period} with {@code ticket}. */
    public ObjectNode queued(
            String uscc, String policyId, String period, long ticket, String amount, String waitingFor) {
        return feed.publish(
                "benefit.decisions.v1", BenefitEvents.queued(uscc, policyId, period, amount, waitingFor, ticket, 1));
    }

    /** The exit of {@code queued} from its queue. */
    public ObjectNode queueLeft(ObjectNode queued, boolean granted) {
        return feed.publish(
                "benefit.decisions.v1",
                BenefitEvents.queueLeft(queued, granted, "预算释放后按排队顺序核定 (granted from the budget queue)"));
    }

    public ObjectNode delivered(ObjectNode decision, String channel) {
        ObjectNode event = EventFeed.example(
                "gov.notice.delivered.v1", decision.get("subject").asString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("decisionId", decision.get("data").get("decisionId").asString());
        data.put("noticeId", UUID.randomUUID().toString());
        data.put("channel", channel);
        return feed.publish("notices.v1", event);
    }

    public ObjectNode objection(ObjectNode decision, String text) {
        ObjectNode event = EventFeed.example(
                "gov.notice.objection-raised.v1", decision.get("subject").asString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("decisionId", decision.get("data").get("decisionId").asString());
        data.put("objectionId", UUID.randomUUID().toString());
        data.put("text", text);
        return feed.publish("notices.v1", event);
    }

    /**
     * A publicity step ({@code gov.publicity.opened.v1}, {@code objection-received}, {@code ruled} or {@code final}) of the
     * published grant {@code decision}, as the eligibility service publishes it on benefit.publicity.v1.
     */
    public ObjectNode publicity(String type, ObjectNode decision) {
        ObjectNode event = EventFeed.example(type, decision.get("subject").asString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("decisionId", decision.get("data").get("decisionId").asString());
        data.put("policyId", decision.get("data").get("policyId").asString());
        data.put("period", decision.get("data").get("period").asString());
        return feed.publish("benefit.publicity.v1", event);
    }

    /** Publishes {@code event} again, unchanged (same source and id). */
    public void repeat(ObjectNode event) {
        feed.publish(
                event.get("type").asString().startsWith("gov.benefit.") ? "benefit.decisions.v1" : "notices.v1", event);
    }

    @Override
    public void close() {
        feed.close();
    }
}
