package io.mianshen.eligibility.bench;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.Uscc;
import io.mianshen.eligibility.OtherInstance;
import io.mianshen.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The eligibility service's throughput and latency harness (not a test): publishes N fact events of
 * synthetic enterprises (five each: registration, two filings, a tech-SME registration, a rating) on
 * real, embedded Kafka and PostgreSQL, runs the real service, and measures fact events per second and
 * the latency from an enterprise's last fact event to its last decision event (record timestamps).
 * Then the same events go through a baseline consumer that only consumes, inserts one row and produces
 * one record: the infrastructure's own limit on this machine. Both first take a warm-up of other
 * enterprises' events, unmeasured, and wait until the JIT compiler has worked off what the warm-up queued,
 * so that the figures are those of a running service and not of the JIT compiler's first minute. For each
 * measured run it prints where the machine's CPU went ({@link CpuAccount}), and, when asked, what each SQL
 * statement cost ({@link StatementStatistics}).
 * <p>
 * Run with {@code bin/benchmark-eligibility [events] [warm-up events]}.
 */
public final class DecisionThroughputBenchmark {

    private static final int EVENTS_PER_ENTERPRISE = 5;

    private DecisionThroughputBenchmark() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            // the embedded broker's threads would keep the JVM alive after a failure
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int warmupEvents = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int enterprises = events / EVENTS_PER_ENTERPRISE;
        String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
        List<ProducerRecord<String, byte[]>> warmup =
                syntheticEvents(warmupEvents / EVENTS_PER_ENTERPRISE, new Random(1984));
        List<ProducerRecord<String, byte[]>> records = syntheticEvents(enterprises, new Random(2026));
        System.out.printf(
                "%d enterprises, %d fact events, after a warm-up of %d fact events of other enterprises%n",
                enterprises, records.size(), warmup.size());

        Result service = runService(bootstrap, warmup, records);
        Result baseline = runBaseline(bootstrap, warmup, records);
        System.out.printf(
                "%nservice : %,.0f events/s, latency p50 %d ms, p99 %d ms (%d enterprises decided)%n",
                service.eventsPerSecond(), service.p50(), service.p99(), service.samples());
        System.out.printf(
                "baseline: %,.0f events/s, latency p50 %d ms, p99 %d ms%n",
                baseline.eventsPerSecond(), baseline.p50(), baseline.p99());
        System.out.printf("ratio   : %.2f of the baseline%n", service.eventsPerSecond() / baseline.eventsPerSecond());
    }

    private record Result(double eventsPerSecond, long p50, long p99, int samples) {}

    /**
     * Runs the service on the warm-up events until each of their enterprises has a decision (the JIT compiler's
     * work on a fresh JVM is not the service's steady pace), then measures the given events.
     */
    private static Result runService(
            String bootstrap, List<ProducerRecord<String, byte[]>> warmup, List<ProducerRecord<String, byte[]>> records)
            throws Exception {
        String group = "bench-" + UUID.randomUUID();
        ConfigurableApplicationContext service = OtherInstance.start(
                "eligibility_bench",
                Map.of(
                        "spring.kafka.consumer.group-id",
                        group,
                        "logging.level.root",
                        "WARN",
                        "spring.main.banner-mode",
                        "off"));
        try (KafkaConsumer<String, byte[]> decisions = consumer(bootstrap, "benefit.decisions.v1")) {
            if (!warmup.isEmpty()) {
                publish(bootstrap, warmup, new HashMap<>());
                awaitDecisions(decisions, keys(warmup), new HashMap<>(), new DecisionEventsSeen());
                System.out.println("warm-up decided");
                awaitCompilerSettled();
            }
            MeterRegistry metrics = service.getBean(MeterRegistry.class);
            Map<String, Double> phasesBefore = phases(metrics);
            StatementStatistics statements = StatementStatistics.of(TestInfrastructure.database("eligibility_bench"));
            CpuAccount cpu = CpuAccount.start();
            Map<String, Long> lastFact = new HashMap<>();
            long start = System.currentTimeMillis();
            publish(bootstrap, records, lastFact);
            Map<String, Long> lastDecision = new HashMap<>();
            DecisionEventsSeen seen = new DecisionEventsSeen();
            long published = System.currentTimeMillis();
            awaitDecisions(decisions, keys(records), lastDecision, seen);
            long end = lastDecision.values().stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(System.currentTimeMillis());
            System.out.printf("decision events: %s, %,d bytes each on average%n", seen.byType(), seen.averageBytes());
            System.out.printf("published in %,d ms; last decision event at %,d ms%n", published - start, end - start);
            cpu.print(records.size(), "the service's own threads (listeners, deciders, relay, producer)");
            statements.print();
            phases(metrics)
                    .forEach((phase, ms) -> System.out.printf(
                            "  %-40s %,9.0f ms%n", phase, ms - phasesBefore.getOrDefault(phase, 0.0)));
            return result(records.size(), start, end, lastFact, lastDecision);
        } finally {
            service.close();
        }
    }

    /**
     * Waits, after a warm-up, until the JIT compiler has worked off what the warm-up queued for it: the warm-up keeps
     * both cores busy, so the one C2 compiler thread falls behind (about a hundred methods still queued when the
     * warm-up's last decision came out), and without this wait the measured run would pay for compiling the
     * warm-up's hot code and run it interpreted or at tier 3 meanwhile, as no long-running service does. Settled:
     * less than 50 ms of compilation in a second; at most two minutes.
     */
    private static void awaitCompilerSettled() {
        java.lang.management.CompilationMXBean compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
        long begin = System.currentTimeMillis();
        long before = compiler.getTotalCompilationTime();
        while (System.currentTimeMillis() - begin < 120_000) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
            long now = compiler.getTotalCompilationTime();
            if (now - before < 50) {
                break;
            }
            before = now;
        }
        System.out.printf("JIT compiler settled after %,d ms%n", System.currentTimeMillis() - begin);
    }

    /** The decision events read: how many of each type, and their bytes. */
    private static final class DecisionEventsSeen {

        private final Map<String, Integer> byType = new java.util.TreeMap<>();
        private long bytes;

        void add(byte[] event) {
            byType.merge(type(event), 1, Integer::sum);
            bytes += event.length;
        }

        Map<String, Integer> byType() {
            return byType;
        }

        long averageBytes() {
            return bytes
                    / Math.max(
                            1,
                            byType.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    /** Reads decision events until every enterprise of {@code enterprises} has one and a minute passes without another. */
    private static void awaitDecisions(
            KafkaConsumer<String, byte[]> decisions,
            Set<String> enterprises,
            Map<String, Long> lastDecision,
            DecisionEventsSeen seen) {
        Set<String> decided = new java.util.HashSet<>();
        long idleSince = System.currentTimeMillis();
        while (decided.size() < enterprises.size() && System.currentTimeMillis() - idleSince < 60_000) {
            for (ConsumerRecord<String, byte[]> record : decisions.poll(Duration.ofMillis(500))) {
                if (!enterprises.contains(record.key())) {
                    continue;
                }
                decided.add(record.key());
                lastDecision.merge(record.key(), record.timestamp(), Math::max);
                seen.add(record.value());
                idleSince = System.currentTimeMillis();
            }
        }
    }

    /** A decision event's type, read from its envelope's first bytes without decoding the whole event. */
    private static String type(byte[] event) {
        String envelope = new String(event, 0, Math.min(event.length, 300), StandardCharsets.UTF_8);
        int start = envelope.indexOf("gov.benefit.");
        return start < 0 ? "unknown" : envelope.substring(start, envelope.indexOf(".v1", start));
    }

    private static Set<String> keys(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(ProducerRecord::key).collect(java.util.stream.Collectors.toSet());
    }

    /** Where the service's threads spent their time so far, from its own phase timers (summed over threads), by phase. */
    private static Map<String, Double> phases(MeterRegistry metrics) {
        Map<String, Double> phases = new java.util.TreeMap<>();
        for (String name : List.of("mianshen.intake.phase", "mianshen.decision.round.phase")) {
            metrics.find(name)
                    .timers()
                    .forEach(timer -> phases.put(
                            name + " " + timer.getId().getTag("phase"), timer.totalTime(TimeUnit.MILLISECONDS)));
        }
        return phases;
    }

    /**
     * The baseline on the same events: a consumer that starts at the end of the fact topics, takes the warm-up
     * events first (its own JIT warm-up), then the measured ones.
     */
    private static Result runBaseline(
            String bootstrap, List<ProducerRecord<String, byte[]>> warmup, List<ProducerRecord<String, byte[]>> records)
            throws Exception {
        var database = TestInfrastructure.database("baseline_bench");
        try (Connection connection =
                DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            connection
                    .createStatement()
                    .execute(
                            "CREATE TABLE IF NOT EXISTS received (id bigserial PRIMARY KEY, uscc text, payload bytea)");
        }
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("baseline.out.v1", 3, (short) 1)))
                    .all()
                    .get();
        }
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<CpuAccount> cpu =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread consumerThread = new Thread(
                () -> baselineConsumer(
                        bootstrap, database, warmup.size() + records.size(), records.size(), assigned, received, cpu),
                "baseline");
        consumerThread.start();
        assigned.await();
        publish(bootstrap, warmup, new HashMap<>());
        while (received.get() < warmup.size()) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // not spinning: the consumer needs the cores
        }
        if (!warmup.isEmpty()) {
            awaitCompilerSettled();
        }
        Map<String, Long> lastFact = new HashMap<>();
        cpu.set(CpuAccount.start());
        long start = System.currentTimeMillis();
        publish(bootstrap, records, lastFact);
        consumerThread.join();
        Set<String> measured = keys(records);
        Map<String, Long> lastOut = new HashMap<>();
        try (KafkaConsumer<String, byte[]> out = consumer(bootstrap, "baseline.out.v1")) {
            int seen = 0;
            long idleSince = System.currentTimeMillis();
            while (seen < records.size() && System.currentTimeMillis() - idleSince < 30_000) {
                for (ConsumerRecord<String, byte[]> record : out.poll(Duration.ofMillis(500))) {
                    idleSince = System.currentTimeMillis();
                    if (measured.contains(record.key())) {
                        lastOut.merge(record.key(), record.timestamp(), Math::max);
                        seen++;
                    }
                }
            }
        }
        long end = lastOut.values().stream().mapToLong(Long::longValue).max().orElse(System.currentTimeMillis());
        return result(records.size(), start, end, lastFact, lastOut);
    }

    /** Consumes the fact topics from their end, inserts one row and produces one record per event, committing as it goes. */
    private static void baselineConsumer(
            String bootstrap,
            io.mianshen.testsupport.DatabaseAddress database,
            int expected,
            int measured,
            java.util.concurrent.CountDownLatch assigned,
            java.util.concurrent.atomic.AtomicInteger received,
            java.util.concurrent.atomic.AtomicReference<CpuAccount> cpu) {
        try (KafkaConsumer<String, byte[]> in = consumerFrom(
                        bootstrap, "latest", "enterprise.registry.v1", "tax.filings.v1", "sci.certifications.v1");
                KafkaProducer<String, byte[]> out = producer(bootstrap);
                Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO received (uscc, payload) VALUES (?, ?)")) {
            while (in.assignment().isEmpty()) {
                in.poll(Duration.ofMillis(100));
            }
            in.assignment().forEach(in::position); // fixes the starting positions at the current ends
            assigned.countDown();
            while (received.get() < expected) {
                for (ConsumerRecord<String, byte[]> record : in.poll(Duration.ofMillis(500))) {
                    insert.setString(1, record.key());
                    insert.setBytes(2, record.value());
                    insert.executeUpdate();
                    out.send(new ProducerRecord<>("baseline.out.v1", record.key(), record.value()));
                    received.incrementAndGet();
                }
                out.flush();
                in.commitSync();
            }
            cpu.get()
                    .print(
                            measured,
                            "the baseline consumer's own thread"); // while this thread and its database connection
            // still count
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result result(
            int events, long start, long end, Map<String, Long> lastIn, Map<String, Long> lastOut) {
        long[] latencies = lastOut.entrySet().stream()
                .filter(e -> lastIn.containsKey(e.getKey()))
                .mapToLong(e -> Math.max(0, e.getValue() - lastIn.get(e.getKey())))
                .sorted()
                .toArray();
        double seconds = Math.max(1, end - start) / 1000.0;
        return new Result(events / seconds, percentile(latencies, 50), percentile(latencies, 99), latencies.length);
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted.length == 0
                ? -1
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    private static void publish(
            String bootstrap, List<ProducerRecord<String, byte[]>> records, Map<String, Long> lastSent) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (ProducerRecord<String, byte[]> record : records) {
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(
                        record.topic(),
                        null,
                        System.currentTimeMillis(),
                        record.key(),
                        record.value(),
                        record.headers());
                lastSent.put(record.key(), copy.timestamp());
                producer.send(copy);
            }
        }
    }

    private static List<ProducerRecord<String, byte[]>> syntheticEvents(int enterprises, Random random) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        String[] sizes = {"MICRO", "SMALL", "MEDIUM", "LARGE"};
        for (int i = 0; i < enterprises; i++) {
            StringBuilder code = new StringBuilder("913701");
            for (int c = 0; c < 11; c++) {
                code.append(Uscc.ALPHABET.charAt(random.nextInt(Uscc.ALPHABET.length())));
            }
            String uscc = code.append(Uscc.checkCharacter(code.toString())).toString();
            long rd2022 = 100_000 + random.nextInt(5_000_000);
            long rd2023 = rd2022 + random.nextInt(2_000_000) - 200_000;
            records.add(event(
                    "enterprise.registry.v1",
                    "gov.enterprise.registered.v1",
                    uscc,
                    "2016-05-12T09:00:00+08:00",
                    "{\"uscc\":\"" + uscc + "\",\"name\":\"企业" + i + "\",\"region\":\"3701" + (10 + random.nextInt(20))
                            + "\",\"industry\":\"I6510\"," + "\"sizeClass\":\"" + sizes[random.nextInt(4)]
                            + "\",\"establishedOn\":\"2016-05-12\"}"));
            records.add(event(
                    "tax.filings.v1",
                    "gov.tax.annual-filing.v1",
                    uscc,
                    "2023-05-20T10:00:00+08:00",
                    filing(uscc, 2022, rd2022)));
            records.add(event(
                    "tax.filings.v1",
                    "gov.tax.annual-filing.v1",
                    uscc,
                    "2024-05-20T10:00:00+08:00",
                    filing(uscc, 2023, Math.max(0, rd2023))));
            records.add(event(
                    "sci.certifications.v1",
                    "gov.sci.certification.granted.v1",
                    uscc,
                    "2023-04-01T09:00:00+08:00",
                    "{\"uscc\":\"" + uscc + "\",\"kind\":\"TECH_SME\",\"certificateNo\":\"TS-" + uscc
                            + "\",\"issuedOn\":\"2023-04-01\",\"validUntil\":\"2023-12-31\"}"));
            records.add(event(
                    "tax.filings.v1",
                    "gov.tax.credit-rating.v1",
                    uscc,
                    "2024-04-15T09:00:00+08:00",
                    "{\"uscc\":\"" + uscc + "\",\"year\":2023,\"rating\":\"" + (random.nextInt(10) == 0 ? "D" : "A")
                            + "\"}"));
        }
        return records;
    }

    private static String filing(String uscc, int year, long rd) {
        return "{\"uscc\":\"" + uscc + "\",\"fiscalYear\":" + year + ",\"filingId\":\"T" + year + "-" + uscc
                + "\",\"amendsFilingId\":null,"
                + "\"revenue\":\"52000000.00\",\"rdExpense\":\"" + rd
                + ".00\",\"taxableIncome\":\"6300000.00\",\"employees\":120,"
                + "\"filedOn\":\"" + (year + 1) + "-05-20\"}";
    }

    private static ProducerRecord<String, byte[]> event(
            String topic, String type, String uscc, String time, String data) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                + "\",\"source\":\"/feeds/bench/370000\",\"type\":\"" + type + "\",\"subject\":\"" + uscc
                + "\",\"time\":\"" + time + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, uscc, event.getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
        return consumerFrom(bootstrap, "earliest", topic);
    }

    private static KafkaConsumer<String, byte[]> consumerFrom(String bootstrap, String reset, String... topics) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        reset,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        "1000",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(Arrays.asList(topics));
        return consumer;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG,
                        "5",
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }
}
