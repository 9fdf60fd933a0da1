package io.mianshen.eligibility.intake;

import io.mianshen.eligibility.decision.Deciders;
import io.mianshen.eligibility.facts.FactData;
import io.mianshen.eligibility.facts.FactEvent;
import io.mianshen.eligibility.facts.FactLog;
import io.mianshen.eligibility.facts.FactStore;
import io.mianshen.policy.FactGroup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The application service behind the fact listener. In one transaction: each (source, id) is recorded
 * (a repeat stops there), the facts are stored, and the enterprises are queued to be re-decided
 * ({@link Deciders}, which write the decisions and their outbox entries). A failure rolls all of it back
 * and the records are retried.
 */
@Service
public class FactIntake {

    private final FactLog log;
    private final FactStore store;
    private final Deciders deciders;
    private final MeterRegistry metrics;
    private final Timer recording;

    FactIntake(FactLog log, FactStore store, Deciders deciders, MeterRegistry metrics) {
        this.log = log;
        this.store = store;
        this.deciders = deciders;
        this.metrics = metrics;
        this.recording = phaseTimer(metrics, "record");
    }

    /**
     * The time fact events spend in one phase of intake ({@code check}: read and checked against the
     * contract; {@code record}: logged and stored as facts, the enterprises queued to be re-decided), a
     * poll at a time: where an operator sees what the service spends its time on (the deciding itself:
     * {@code mianshen.decision.round.phase}).
     */
    public static Timer phaseTimer(MeterRegistry metrics, String phase) {
        return Timer.builder("mianshen.intake.phase")
                .tag("phase", phase)
                .description("time spent on each phase of taking in a poll of fact events")
                .register(metrics);
    }

    /**
     * A valid fact event and its data.
     *
     * @param event       the event
     * @param data        its data, bound to the record of its type
     * @param traceparent the trace context its record was published in (null when it carried none): its
     *                    enterprise's decisions are published in that trace
     */
    public record Fact(FactEvent event, FactData data, String traceparent) {}

    /**
     * Accepts valid fact events in one transaction: the new ones are stored (a repeat of (source, id) is
     * skipped), then every enterprise they concern is queued to be re-decided, for every kind of fact
     * that changed.
     *
     * @return how many enterprises were queued
     */
    @Transactional
    public int acceptAll(List<Fact> facts) {
        long start = System.nanoTime();
        boolean[] fresh = log.recordAll(facts.stream().map(Fact::event).toList());
        List<FactEvent> events = new ArrayList<>();
        List<FactData> data = new ArrayList<>();
        Map<String, String> traceparents = new TreeMap<>();
        for (int i = 0; i < facts.size(); i++) {
            FactEvent event = facts.get(i).event();
            metrics.counter(fresh[i] ? "mianshen.events.consumed" : "mianshen.events.duplicate", "type", event.type())
                    .increment();
            if (fresh[i]) {
                events.add(event);
                data.add(facts.get(i).data());
                if (facts.get(i).traceparent() != null) {
                    traceparents.put(event.uscc(), facts.get(i).traceparent());
                }
            }
        }
        List<FactGroup> groups = store.applyAll(events, data);
        Map<String, Set<FactGroup>> changed = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            changed.computeIfAbsent(events.get(i).uscc(), uscc -> EnumSet.noneOf(FactGroup.class))
                    .add(groups.get(i));
        }
        deciders.queue(changed, traceparents);
        recording.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return changed.size();
    }
}
