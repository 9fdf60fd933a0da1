package io.mianshen.eligibility.publicity.messaging;

import io.mianshen.contracts.EventContract;
import io.mianshen.eligibility.publicity.PublicObjections;
import io.mianshen.support.kafka.ContractRecords;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code notices.v1} for the enterprises' own objections ({@code gov.notice.objection-raised.v1}, which only the
 * notification service may write: the contract dead-letters another {@code source}) under its own consumer group,
 * and counts one raised in a grant's publicity window as an objection to it. Other notice events are skipped.
 */
@Component
class EnterpriseObjectionListener {

    private static final Logger log = LoggerFactory.getLogger(EnterpriseObjectionListener.class);

    private final EventContract contract;
    private final PublicObjections objections;

    EnterpriseObjectionListener(EventContract contract, PublicObjections objections) {
        this.contract = contract;
        this.objections = objections;
    }

    @KafkaListener(
            topics = "notices.v1",
            groupId = "${mianshen.publicity.objections-group:eligibility-service-objections}")
    void onNotice(ConsumerRecord<String, byte[]> record) {
        ObjectNode event = ContractRecords.read(contract, record);
        if (!event.get("type").asString().equals("gov.notice.objection-raised.v1")) {
            return;
        }
        JsonNode data = event.get("data");
        UUID decisionId;
        try {
            decisionId = UUID.fromString(data.get("decisionId").asString());
        } catch (IllegalArgumentException e) {
            // a decision id this service never issued: not one of its published grants
            return;
        }
        String objectionId = data.get("objectionId").asString();
        boolean published = objections.fromEnterprise(
                objectionKey(objectionId),
                decisionId,
                data.get("uscc").asString(),
                data.get("text").asString(),
                OffsetDateTime.parse(data.get("raisedAt").asString()).toInstant());
        if (published) {
            log.info(
                    "objection {} of {} holds its published grant {} for review",
                    objectionId,
                    data.get("uscc").asString(),
                    decisionId);
        }
    }

    /** The objection's id as a UUID: itself when it is one (the notification service's are), else one derived from it. */
    static UUID objectionKey(String objectionId) {
        try {
            return UUID.fromString(objectionId);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(
                    ("gov.notice.objection-raised.v1 " + objectionId).getBytes(StandardCharsets.UTF_8));
        }
    }
}
