package io.mianshen.eligibility.review.messaging;

import io.mianshen.contracts.EventContract;
import io.mianshen.eligibility.review.Rulings;
import io.mianshen.support.kafka.ContractRecords;
import java.math.BigDecimal;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code benefit.publicity.v1} under its own consumer group and applies each {@code gov.publicity.ruled.v1}
 * ({@link Rulings}); the other publicity events are skipped. Only this service may write the topic (ACL), and a ruling
 * it did not record is dead-lettered with the reason.
 */
@Component
class RulingListener {

    private final EventContract contract;
    private final Rulings rulings;

    RulingListener(EventContract contract, Rulings rulings) {
        this.contract = contract;
        this.rulings = rulings;
    }

    @KafkaListener(
            topics = "benefit.publicity.v1",
            groupId = "${mianshen.review.rulings-group:eligibility-service-rulings}")
    void onPublicityEvent(ConsumerRecord<String, byte[]> record) {
        ObjectNode event = ContractRecords.read(contract, record);
        if (!event.get("type").asString().equals("gov.publicity.ruled.v1")) {
            return;
        }
        JsonNode data = event.get("data");
        rulings.apply(new Rulings.Stated(
                uuid(data, "rulingId"),
                uuid(data, "decisionId"),
                data.get("uscc").asString(),
                data.get("outcome").asString(),
                data.hasNonNull("correction") ? data.get("correction").asString() : null,
                data.hasNonNull("amount") ? new BigDecimal(data.get("amount").asString()) : null));
    }

    private static UUID uuid(JsonNode data, String field) {
        try {
            return UUID.fromString(data.get(field).asString());
        } catch (IllegalArgumentException e) {
            throw new io.mianshen.contracts.InvalidEventException(java.util.List.of(new io.mianshen.contracts.Violation(
                    "/data/" + field, "ruling", field + " is not an identifier this service issues (a UUID)")));
        }
    }
}
