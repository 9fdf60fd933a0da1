package io.mianshen.notification.notices.messaging;

import io.mianshen.contracts.EventContract;
import io.mianshen.notification.notices.RulingNotices;
import io.mianshen.support.kafka.ContractRecords;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code benefit.publicity.v1} for reviewers' rulings ({@code gov.publicity.ruled.v1}) and tells them
 * ({@link RulingNotices}); the other publicity steps are skipped. A record that breaks the contract (another
 * {@code source} among them) goes to {@code benefit.publicity.v1.dlt} with its reason.
 */
@Component
class RulingListener {

    private final EventContract contract;
    private final RulingNotices notices;

    RulingListener(EventContract contract, RulingNotices notices) {
        this.contract = contract;
        this.notices = notices;
    }

    @KafkaListener(topics = "benefit.publicity.v1")
    void onPublicityEvent(ConsumerRecord<String, byte[]> record) {
        ObjectNode event = ContractRecords.read(contract, record);
        if (!event.get("type").asString().equals("gov.publicity.ruled.v1")) {
            return;
        }
        JsonNode data = event.get("data");
        List<RulingNotices.Objector> objections = new ArrayList<>();
        data.get("objections")
                .forEach(o -> objections.add(new RulingNotices.Objector(
                        o.get("objectionId").asString(),
                        o.get("objectorKind").asString(),
                        o.get("name").asString(),
                        o.hasNonNull("contact") ? o.get("contact").asString() : null)));
        notices.accept(
                event.get("source").asString(),
                event.get("id").asString(),
                new RulingNotices.Ruling(
                        data.get("rulingId").asString(),
                        data.get("decisionId").asString(),
                        data.get("uscc").asString(),
                        text(data, "enterpriseName"),
                        data.get("policyId").asString(),
                        data.get("period").asString(),
                        new BigDecimal(data.get("grantedAmount").asString()),
                        data.get("outcome").asString(),
                        text(data, "correction"),
                        data.hasNonNull("amount")
                                ? new BigDecimal(data.get("amount").asString())
                                : null,
                        data.get("reasons").asString(),
                        objections));
    }

    private static String text(JsonNode data, String field) {
        return data.hasNonNull(field) ? data.get(field).asString() : null;
    }
}
