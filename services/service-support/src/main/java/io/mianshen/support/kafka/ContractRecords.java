package io.mianshen.support.kafka;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.InvalidEventException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.node.ObjectNode;

/** Reads a Kafka record (binary or structured CloudEvent) as the contract's structured event, checked. */
public final class ContractRecords {

    private ContractRecords() {}

    /**
     * The record's event in structured form, after the contract has checked it on its topic and key.
     *
     * @throws InvalidEventException with every violation when it breaks the contract (to be dead-lettered)
     */
    public static ObjectNode read(EventContract contract, ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        ObjectNode event = CloudEventForms.toStructured(headers, record.value());
        contract.requireValid(event, record.topic(), record.key());
        return event;
    }
}
