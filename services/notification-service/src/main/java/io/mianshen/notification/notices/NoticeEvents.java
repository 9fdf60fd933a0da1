package io.mianshen.notification.notices;

import io.mianshen.support.outbox.Outbox;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The notice events of events.md ({@code gov.notice.delivered.v1}, {@code gov.notice.failed.v1},
 * {@code gov.notice.objection-raised.v1}), written to the outbox for {@code notices.v1} in the caller's
 * transaction, key = USCC.
 */
@Component
public class NoticeEvents {

    static final String TOPIC = "notices.v1";
    static final String SOURCE = "/services/notification";

    private final Outbox outbox;
    private final JsonMapper json;

    NoticeEvents(Outbox outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    /** A notice reached the enterprise through {@code channel}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void delivered(UUID noticeId, String decisionId, String uscc, String channel, Instant deliveredAt) {
        ObjectNode data = json.createObjectNode();
        data.put("noticeId", noticeId.toString());
        data.put("decisionId", decisionId);
        data.put("uscc", uscc);
        data.put("channel", channel);
        data.put("deliveredAt", time(deliveredAt));
        append("gov.notice.delivered.v1", uscc, data, deliveredAt);
    }

    /** A notice could not be delivered through {@code channel} after {@code attempts} attempts. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void failed(
            UUID noticeId,
            String decisionId,
            String uscc,
            String channel,
            int attempts,
            String lastError,
            Instant failedAt) {
        ObjectNode data = json.createObjectNode();
        data.put("noticeId", noticeId.toString());
        data.put("decisionId", decisionId);
        data.put("uscc", uscc);
        data.put("channel", channel);
        data.put("attempts", attempts);
        data.put("lastError", lastError);
        data.put("failedAt", time(failedAt));
        append("gov.notice.failed.v1", uscc, data, failedAt);
    }

    /** The enterprise objected to the decision of a notice (异议). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void objectionRaised(
            UUID objectionId, UUID noticeId, String decisionId, String uscc, String text, Instant raisedAt) {
        ObjectNode data = json.createObjectNode();
        data.put("objectionId", objectionId.toString());
        data.put("noticeId", noticeId.toString());
        data.put("decisionId", decisionId);
        data.put("uscc", uscc);
        data.put("text", text);
        data.put("raisedAt", time(raisedAt));
        append("gov.notice.objection-raised.v1", uscc, data, raisedAt);
    }

    private void append(String type, String uscc, ObjectNode data, Instant at) {
        String id = UUID.randomUUID().toString();
        ObjectNode event = io.mianshen.contracts.CloudEventForms.structured(type, id, SOURCE, uscc, at, data);
        outbox.appendAll(List.of(new Outbox.Entry(TOPIC, uscc, id, event.toString())));
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
