package io.mianshen.notification.notices.messaging;

import io.mianshen.contracts.EventContract;
import io.mianshen.notification.notices.DecisionEvent;
import io.mianshen.notification.notices.DecisionNotices;
import io.mianshen.support.kafka.ContractRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads benefit.decisions.v1 (binary or structured CloudEvents). A record that breaks the contract goes to
 * {@code benefit.decisions.v1.dlt} with its reason (the shared error handler) and the partition moves on.
 */
@Component
class DecisionListener {

    private final EventContract contract;
    private final DecisionNotices notices;

    DecisionListener(EventContract contract, DecisionNotices notices) {
        this.contract = contract;
        this.notices = notices;
    }

    @KafkaListener(topics = "benefit.decisions.v1")
    void onDecision(ConsumerRecord<String, byte[]> record) {
        ObjectNode event = ContractRecords.read(contract, record);
        notices.accept(
                event.get("source").asString(),
                event.get("id").asString(),
                DecisionEvent.bind(event.get("type").asString(), event.get("data")));
    }
}
