package io.mianshen.audit.ledger.messaging;

import io.mianshen.audit.ledger.Ledger;
import io.mianshen.contracts.EventContract;
import io.mianshen.support.kafka.ContractRecords;
import io.mianshen.support.kafka.PollBatch;
import io.mianshen.support.tracing.Traces;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads decisions, notice events and publicity steps (公示, objections, rulings, finality) a poll at a time into the ledger. A record that breaks the contract
 * ends the batch: the valid records before it are appended, then it goes to {@code <topic>.dlt} with its
 * reason and the rest are delivered again; a record the database refuses is found by its index and
 * dead-lettered after its attempts ({@link PollBatch}). Each entry keeps the trace id its record carries.
 */
@Component
class LedgerListener {

    private final EventContract contract;
    private final Ledger ledger;

    LedgerListener(EventContract contract, Ledger ledger) {
        this.contract = contract;
        this.ledger = ledger;
    }

    @KafkaListener(
            topics = {"benefit.decisions.v1", "notices.v1", "benefit.publicity.v1"},
            batch = "true")
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        PollBatch.read(
                        records,
                        record -> new Ledger.Received(
                                ContractRecords.read(contract, record), Traces.traceIdOf(Traces.of(record))))
                .store(ledger::appendAll);
    }
}
