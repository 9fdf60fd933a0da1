package io.mianshen.eligibility.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during the measured run, by part: the service's threads (fact listeners,
 * deciders, outbox relay and its producer), the embedded broker, the harness itself, this JVM's JIT compiler
 * and garbage collector, and the PostgreSQL processes (every {@code postgres} process of the machine: run
 * nothing else on PostgreSQL meanwhile). Java threads are read through {@link ThreadMXBean};
 * the JVM's own threads and PostgreSQL from {@code /proc} (Linux; without it they are left out). A thread or
 * process that ends during the run is not counted.
 */
final class CpuAccount {

    /** The unit of {@code /proc}'s CPU times (USER_HZ, 100 on Linux). */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** Parts by thread name, first match wins; anything else is "other". */
    private static final List<Map.Entry<String, Pattern>> JAVA_PARTS = List.of(
            Map.entry("service: fact listeners", Pattern.compile(".*KafkaListenerEndpointContainer.*")),
            Map.entry("service: deciders", Pattern.compile("decider-.*")),
            Map.entry("service: outbox relay", Pattern.compile("scheduling-.*")),
            Map.entry("service: producer", Pattern.compile("kafka-producer-network-thread \\| eligibility.*")),
            Map.entry("Kafka clients' heartbeats", Pattern.compile("kafka-coordinator-heartbeat-thread.*")),
            Map.entry("baseline consumer", Pattern.compile("baseline")),
            Map.entry(
                    "harness: producer and readers",
                    Pattern.compile("main|kafka-producer-network-thread \\| producer-.*")),
            Map.entry(
                    "broker",
                    Pattern.compile(
                            "data-plane-.*|kafka-.*|quorum-.*|broker-.*|controller-.*|group-coordinator.*|"
                                    + "transaction-.*|share-.*|ExpirationReaper.*|LogDirFailureHandler|raft-.*|executor-.*|.*-metadata-.*")));

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long startedAt = System.nanoTime();
    private final Map<String, Long> before;

    private CpuAccount() {
        this.before = sample();
    }

    /** Starts counting now. */
    static CpuAccount start() {
        return new CpuAccount();
    }

    /**
     * Prints each part's CPU time since {@link #start}, its share and its cost per fact event, how many cores
     * were busy on average, and what the service's own threads cost per fact event (the figure a target on the
     * service's own CPU would be set on, apart from the broker, the database and the harness that share the
     * machine here).
     *
     * @param events the fact events of the measured run
     * @param own    what the measured consumer's own threads are called in the printout
     */
    void print(int events, String own) {
        Map<String, Long> after = sample();
        Map<String, Long> parts = new TreeMap<>();
        after.forEach((key, nanos) -> {
            long spent = nanos - before.getOrDefault(key, 0L);
            if (spent > 0) {
                parts.merge(key.substring(0, key.indexOf('#')), spent, Long::sum);
            }
        });
        long total = parts.values().stream().mapToLong(Long::longValue).sum();
        double wall = (System.nanoTime() - startedAt) / 1e9;
        System.out.printf(
                "%nCPU during the measured run: %.1f s over %.1f s, %.2f cores busy on average; %.3f core-ms per fact event%n",
                total / 1e9, wall, total / 1e9 / wall, coreMillisPerEvent(total, events));
        parts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(part -> System.out.printf(
                        "  %-36s %6.1f s  %4.0f%%  %.3f core-ms per event%n",
                        part.getKey(),
                        part.getValue() / 1e9,
                        100.0 * part.getValue() / total,
                        coreMillisPerEvent(part.getValue(), events)));
        long ownNanos = parts.entrySet().stream()
                .filter(part ->
                        part.getKey().startsWith("service:") || part.getKey().equals("baseline consumer"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        System.out.printf("  %s: %.3f core-ms per fact event%n", own, coreMillisPerEvent(ownNanos, events));
    }

    private static double coreMillisPerEvent(long nanos, int events) {
        return nanos / 1e6 / Math.max(1, events);
    }

    /** CPU nanoseconds so far, by "part#thread or process id". */
    private Map<String, Long> sample() {
        Map<String, Long> sample = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            var info = threads.getThreadInfo(id);
            if (nanos > 0 && info != null) {
                sample.put(javaPart(info.getThreadName()) + "#" + id, nanos);
            }
        }
        readProc(
                Path.of("/proc/self/task"),
                name -> name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                        ? "JVM: JIT compiler"
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")
                                ? "JVM: garbage collector"
                                : null,
                sample);
        readProc(Path.of("/proc"), name -> name.equals("postgres") ? "PostgreSQL" : null, sample);
        return sample;
    }

    private static String javaPart(String threadName) {
        return JAVA_PARTS.stream()
                .filter(part -> part.getValue().matcher(threadName).matches())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("other");
    }

    /** Adds the CPU time of the tasks or processes under {@code directory} whose command name maps to a part. */
    private static void readProc(
            Path directory, java.util.function.Function<String, String> partOf, Map<String, Long> sample) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(entry -> {
                        try {
                            String stat = Files.readString(entry.resolve("stat"));
                            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            String part = partOf.apply(name);
                            if (part != null) {
                                String[] fields = stat.substring(stat.lastIndexOf(')') + 2)
                                        .split(" ");
                                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                                sample.put(
                                        part + "#" + directory.getFileName() + entry.getFileName(),
                                        ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND);
                            }
                        } catch (IOException | RuntimeException gone) {
                            // the task or process ended while being read
                        }
                    });
        } catch (IOException e) {
            // no /proc to read: those parts are left out
        }
    }
}
