package io.mianshen.eligibility.intake.messaging;

import io.mianshen.contracts.EventContract;
import io.mianshen.eligibility.facts.FactData;
import io.mianshen.eligibility.facts.FactEvent;
import io.mianshen.eligibility.facts.FactTopics;
import io.mianshen.eligibility.intake.FactIntake;
import io.mianshen.support.kafka.ContractRecords;
import io.mianshen.support.kafka.PollBatch;
import io.mianshen.support.tracing.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the three fact topics, a poll at a time. The value stays raw bytes until the contract has
 * checked it, so a rejected record reaches the dead-letter topic exactly as it was published.
 */
@Component
class FactEventListener {

    private final EventContract contract;
    private final FactIntake intake;
    private final Timer checking;

    FactEventListener(EventContract contract, FactIntake intake, MeterRegistry metrics) {
        this.contract = contract;
        this.intake = intake;
        this.checking = FactIntake.phaseTimer(metrics, "check");
    }

    /**
     * Takes a poll's records in one transaction. A record that breaks the contract ends the batch: the valid
     * records before it are accepted first, then the container commits up to it, dead-letters it (never retried)
     * and delivers the rest again. A record the database refuses is found and reported by its index
     * ({@link PollBatch}).
     */
    @KafkaListener(
            topics = {FactTopics.REGISTRY, FactTopics.TAX, FactTopics.SCIENCE},
            batch = "true")
    void onFacts(List<ConsumerRecord<String, byte[]>> records) {
        long start = System.nanoTime();
        PollBatch<FactIntake.Fact> batch = PollBatch.read(records, this::parse);
        checking.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batch.store(intake::acceptAll);
    }

    private FactIntake.Fact parse(ConsumerRecord<String, byte[]> record) {
        ObjectNode event = ContractRecords.read(contract, record);
        return new FactIntake.Fact(
                new FactEvent(
                        event.get("source").asString(),
                        event.get("id").asString(),
                        event.get("type").asString(),
                        event.get("subject").asString(),
                        OffsetDateTime.parse(event.get("time").asString()),
                        event.get("data").toString(),
                        new FactEvent.Origin(record.topic(), record.partition(), record.offset())),
                FactData.bind(event.get("type").asString(), event.get("data")),
                Traces.of(record));
    }
}
