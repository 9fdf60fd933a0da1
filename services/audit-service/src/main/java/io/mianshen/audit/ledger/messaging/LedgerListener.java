package io.mianshen.audit.ledger.messaging;

import io.mianshen.audit.ledger.Ledger;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.mianshen.support.kafka.ContractRecords;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads decisions and notice events a poll at a time into the ledger. A record that breaks the contract
 * ends the batch: the valid records before it are appended, then it goes to {@code <topic>.dlt} with its
 * reason and the rest are delivered again.
 */
@Component
class LedgerListener {

    private final EventContract contract;
    private final Ledger ledger;

    LedgerListener(EventContract contract, Ledger ledger) {
        this.contract = contract;
        this.ledger = ledger;
    }

    @KafkaListener(topics = {"benefit.decisions.v1", "notices.v1"}, batch = "true")
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        List<JsonNode> valid = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                valid.add(ContractRecords.read(contract, records.get(i)));
            } catch (InvalidEventException e) {
                if (!valid.isEmpty()) {
                    ledger.appendAll(valid);
                }
                throw new BatchListenerFailedException(e.getMessage(), e, i);
            }
        }
        if (!valid.isEmpty()) {
            ledger.appendAll(valid);
        }
    }
}
