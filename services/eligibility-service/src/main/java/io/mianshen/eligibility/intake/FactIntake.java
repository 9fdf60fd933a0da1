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

import java.util.ArrayList;
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
     * Accepts valid fact events in one transaction: the new ones are stored (a repeat of (source, id) is
     * skipped), then every enterprise they concern is re-decided once, for every kind of fact that changed.
     *
     * @return how many enterprises were re-decided
     */
    @Transactional
    public int acceptAll(List<Fact> facts) {
        boolean[] fresh = log.recordAll(facts.stream().map(Fact::event).toList());
        List<FactEvent> events = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            FactEvent event = facts.get(i).event();
            metrics.counter(fresh[i] ? "mianshen.events.consumed" : "mianshen.events.duplicate", "type", event.type()).increment();
            if (fresh[i]) {
                events.add(event);
                data.add(facts.get(i).data());
            }
        }
        List<FactGroup> groups = store.applyAll(events, data);
        Map<String, Set<FactGroup>> changed = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            changed.computeIfAbsent(events.get(i).uscc(), uscc -> EnumSet.noneOf(FactGroup.class)).add(groups.get(i));
        }
        return decisions.reconsider(changed);
    }
}
