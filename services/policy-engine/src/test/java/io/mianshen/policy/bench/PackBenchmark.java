package io.mianshen.policy.bench;

import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.PolicyPack;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.peer.SpelPack;
import io.mianshen.policy.peer.SyntheticEnterprises;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Whole-pack evaluations per second on one thread: the six policies of the bundled pack for one
 * enterprise (FY2023, Y2023 and the ONCE trigger where in force), cycling through 1,024 synthetic
 * enterprises. CEL with explanations on and off, and the same pack in SpEL as the peer.
 * Run with {@code bin/benchmark-policy-engine}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class PackBenchmark {

    private record Job(Policy policy, FactsSnapshot facts, Period period) {}

    private List<List<Job>> enterprises;
    private SpelPack peer;
    private int next;

    @Setup
    public void setUp() {
        PolicyPack pack = PolicyPack.bundled();
        peer = new SpelPack(pack);
        enterprises = new ArrayList<>();
        for (FactsSnapshot facts : SyntheticEnterprises.generate(1_024, 11)) {
            List<Job> jobs = new ArrayList<>();
            for (Policy policy : pack.policies()) {
                Period period = switch (policy.periodKind()) {
                    case FISCAL_YEAR -> Period.fiscalYear(2023);
                    case CALENDAR_YEAR -> Period.calendarYear(2023);
                    case ONCE -> policy.oncePeriod(facts).orElse(null);
                };
                if (period != null && policy.inForce(period)) {
                    jobs.add(new Job(policy, facts, period));
                }
            }
            enterprises.add(jobs);
        }
    }

    private List<Job> nextEnterprise() {
        next = (next + 1) & 1023;
        return enterprises.get(next);
    }

    @Benchmark
    public void celWithExplanations(Blackhole blackhole) {
        for (Job job : nextEnterprise()) {
            blackhole.consume(PolicyEngine.evaluate(job.policy(), job.facts(), job.period(), true));
        }
    }

    @Benchmark
    public void celWithoutExplanations(Blackhole blackhole) {
        for (Job job : nextEnterprise()) {
            blackhole.consume(PolicyEngine.evaluate(job.policy(), job.facts(), job.period(), false));
        }
    }

    @Benchmark
    public void spelPeer(Blackhole blackhole) {
        for (Job job : nextEnterprise()) {
            blackhole.consume(peer.evaluate(job.policy().id(), job.facts(), job.period()));
        }
    }
}
