package io.mianshen.eligibility.intake;

import io.mianshen.eligibility.decision.DecisionService;
import io.mianshen.eligibility.facts.FactEvent;
import io.mianshen.eligibility.facts.FactLog;
import io.mianshen.eligibility.facts.FactStore;
import io.mianshen.policy.FactGroup;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

import java.util.Set;

/**
 * The application service behind the fact listener. In one transaction: the (source, id) is recorded
 * (a repeat stops here), the fact is stored, and the enterprise is re-decided with its decision events
 * written to the outbox. A failure rolls all of it back and the record is retried.
 */
@Service
public class FactIntake {

    private final FactLog log;
    private final FactStore store;
    private final DecisionService decisions;
    private final MeterRegistry metrics;

    FactIntake(FactLog log, FactStore store, DecisionService decisions, MeterRegistry metrics) {
        this.log = log;
        this.store = store;
        this.decisions = decisions;
        this.metrics = metrics;
    }

    /**
     * Accepts a valid fact event.
     *
     * @return {@code false} when it was a repeat of an event already accepted
     */
    @Transactional
    public boolean accept(FactEvent event, JsonNode data) {
        if (!log.record(event)) {
            metrics.counter("mianshen.events.duplicate", "type", event.type()).increment();
            return false;
        }
        FactGroup changed = store.apply(event, data);
        decisions.reconsider(event.uscc(), Set.of(changed));
        metrics.counter("mianshen.events.consumed", "type", event.type()).increment();
        return true;
    }
}
