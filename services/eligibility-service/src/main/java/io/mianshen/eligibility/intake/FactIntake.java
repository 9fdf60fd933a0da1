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

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The application service behind the fact listener. In one transaction: each (source, id) is recorded
 * (a repeat stops there), the facts are stored, and the enterprises are re-decided with their decision
 * events written to the outbox. A failure rolls all of it back and the records are retried.
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
     * A valid fact event and its data.
     *
     * @param event the event
     * @param data  its data
     */
    public record Fact(FactEvent event, JsonNode data) {
    }

    /**
     * Accepts valid fact events in one transaction: each new one is stored (a repeat of (source, id) is
     * skipped), then each enterprise they concern is re-decided once, for every kind of fact that changed.
     * The enterprises are locked in USCC order before any is decided, so that concurrent batches never
     * wait on each other in a cycle.
     *
     * @return how many enterprises were re-decided
     */
    @Transactional
    public int acceptAll(List<Fact> facts) {
        Map<String, Set<FactGroup>> changed = new TreeMap<>();
        for (Fact fact : facts) {
            FactEvent event = fact.event();
            if (!log.record(event)) {
                metrics.counter("mianshen.events.duplicate", "type", event.type()).increment();
                continue;
            }
            changed.computeIfAbsent(event.uscc(), uscc -> EnumSet.noneOf(FactGroup.class)).add(store.apply(event, fact.data()));
            metrics.counter("mianshen.events.consumed", "type", event.type()).increment();
        }
        changed.keySet().forEach(store::lockEnterprise);
        changed.forEach(decisions::reconsider);
        return changed.size();
    }
}
