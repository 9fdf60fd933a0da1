package io.mianshen.notification.contacts.messaging;

import io.mianshen.contracts.EventContract;
import io.mianshen.notification.contacts.Contact;
import io.mianshen.notification.contacts.ContactDirectory;
import io.mianshen.support.kafka.ContractRecords;
import java.time.OffsetDateTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the contact directory from enterprise.registry.v1. A record that breaks the contract goes to
 * {@code enterprise.registry.v1.dlt} (the shared error handler); types without a contact are skipped.
 */
@Component
class RegistryListener {

    private final EventContract contract;
    private final ContactDirectory directory;

    RegistryListener(EventContract contract, ContactDirectory directory) {
        this.contract = contract;
        this.directory = directory;
    }

    @KafkaListener(topics = "enterprise.registry.v1")
    void onRegistryEvent(ConsumerRecord<String, byte[]> record) {
        ObjectNode event = ContractRecords.read(contract, record);
        String type = event.get("type").asString();
        if (!type.equals("gov.enterprise.registered.v1") && !type.equals("gov.enterprise.changed.v1")) {
            return;
        }
        JsonNode data = event.get("data");
        JsonNode contact = data.path("contact");
        directory.apply(
                new Contact(
                        data.get("uscc").asString(),
                        text(contact, "email"),
                        text(contact, "mobile"),
                        text(contact, "webhookUrl")),
                event.get("source").asString(),
                event.get("id").asString(),
                OffsetDateTime.parse(event.get("time").asString()));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }
}
