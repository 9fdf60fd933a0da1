package io.mianshen.notification;

import io.mianshen.testsupport.BenefitEvents;
import io.mianshen.testsupport.EventFeed;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the notification service hears and says, through the public contract only: registry and decision
 * events in (made from the contract's own examples, checked against it), notice events out (every one read
 * is checked against the contract too).
 */
public final class DecisionFeed implements AutoCloseable {

    private final EventFeed feed = new EventFeed();

    /** A fresh, valid USCC, so that every test has enterprises of its own. */
    public static String newUscc() {
        return EventFeed.newUscc();
    }

    /** The registration of {@code uscc} with an e-mail address and a webhook URL (either may be {@code null}). */
    public void registered(String uscc, String email, String webhookUrl) {
        ObjectNode event = example("gov.enterprise.registered.v1", uscc);
        ObjectNode contact = ((ObjectNode) event.get("data")).putObject("contact");
        if (email != null) {
            contact.put("email", email);
        }
        if (webhookUrl != null) {
            contact.put("webhookUrl", webhookUrl);
        }
        publish("enterprise.registry.v1", event);
    }

    /** A grant of {@code amount} of rd-post-subsidy (鲁科字〔2023〕16号 art. 19) for FY2023; returns the event. */
    public ObjectNode granted(String uscc, String amount) {
        ObjectNode event = BenefitEvents.granted(uscc, "rd-post-subsidy", "FY2023", amount);
        ObjectNode explanation = ((ObjectNode) event.get("data")).putObject("explanation");
        explanation.put("outcome", "ELIGIBLE");
        explanation.put("summaryZh", "2023 纳税年度研发费用 4,100,000.00 元，占营业收入 7.88%，符合研发投入后补助条件。");
        explanation.put(
                "summaryEn",
                "R&D expense of CNY 4,100,000.00 in fiscal year 2023, 7.88% of revenue, qualifies for the R&D post-subsidy.");
        explanation.putArray("clauses");
        return publish("benefit.decisions.v1", event);
    }

    /** An adjustment of {@code granted} to {@code amount} (an amended filing). */
    public ObjectNode adjusted(ObjectNode granted, String amount) {
        return publish("benefit.decisions.v1", BenefitEvents.adjusted(granted, amount));
    }

    /** The revocation of {@code granted}, asking back {@code recoverAmount}. */
    public ObjectNode revoked(ObjectNode granted, String recoverAmount) {
        return publish("benefit.decisions.v1", BenefitEvents.revoked(granted, recoverAmount));
    }

    /** An entry of {@code uscc} to the voucher budget's queue at {@code position}, waiting for {@code waitingFor} of {@code amount}. */
    public ObjectNode queued(String uscc, String amount, String waitingFor, int position) {
        return publish(
                "benefit.decisions.v1",
                BenefitEvents.queued(
                        uscc, "innovation-voucher", "Y2023", amount, waitingFor, 100 + position, position));
    }

    /** The exit of {@code queued} from its queue, granted or not, for {@code reason}. */
    public ObjectNode queueLeft(ObjectNode queued, boolean granted, String reason) {
        return publish("benefit.decisions.v1", BenefitEvents.queueLeft(queued, granted, reason));
    }

    /** Publishes a structured CloudEvent (checked against the contract first); returns it. */
    public ObjectNode publish(String topic, ObjectNode event) {
        return feed.publish(topic, event);
    }

    /** Sends raw bytes as a structured CloudEvent record, valid or not. */
    public void send(String topic, String key, byte[] value) {
        feed.send(topic, key, value);
    }

    /** Every notice event read so far about {@code decisionId}. */
    public List<JsonNode> noticeEventsOf(String decisionId) {
        return feed.read("notices.v1").stream()
                .filter(e -> e.get("data").get("decisionId").asString().equals(decisionId))
                .toList();
    }

    private static ObjectNode example(String type, String uscc) {
        return EventFeed.example(type, uscc);
    }

    @Override
    public void close() {
        feed.close();
    }
}
