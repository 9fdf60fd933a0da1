package io.mianshen.local.load;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.local.DevTokens;
import io.mianshen.local.StackFailure;
import io.mianshen.local.StackPorts;
import io.mianshen.local.demo.FeedRecord;
import io.mianshen.local.infra.KafkaAccess;
import io.mianshen.local.infra.KafkaCredentials;
import io.mianshen.local.infra.KafkaPrincipals;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code deploy/local/load}: sends the events of N synthetic enterprises to a running stack at a given rate, to
 * Kafka (as a feed operator's producer) or to intake through the gateway (batches of 500 with a FEED token); with
 * {@code --measure} it then reads {@code benefit.decisions.v1} and reports events per second from the first event
 * sent to the last decision, and the p50/p99 latency from each enterprise's last fact event to its last decision.
 */
public final class LoadGenerator {

    static final String USAGE = """
            usage: deploy/local/load [--enterprises N] [--rate EVENTS_PER_SECOND] [--to kafka|intake] [--measure]
                                     [--seed N] [--kafka HOST:PORT] [--data-dir DIR] [--gateway URL]

              --enterprises N   synthetic enterprises, five fact events each (default 1000)
              --rate R          events per second to aim at; 0 sends as fast as possible (default 0)
              --to kafka        publish to the fact topics (default); --to intake POSTs batches through the gateway
              --measure         then wait for the decisions and print throughput and latency
              --seed N          the enterprises' USCCs follow from it (default: the time); event ids are always new
              --data-dir DIR    the running stack's data folder, whose Kafka credentials it uses: "feeds" sends,
                                "observer" measures (default deploy/local/data)""";

    private static final int BATCH = 500;

    private LoadGenerator() {}

    /**
     * What to send and where.
     *
     * @param enterprises synthetic enterprises
     * @param rate        events per second, 0 for as fast as possible
     * @param toIntake    through the gateway to intake instead of straight to Kafka
     * @param measure     wait for the decisions and report throughput and latency
     * @param seed        the seed of the USCCs
     * @param kafka       the bootstrap servers
     * @param dataDirectory the stack's data folder (its Kafka credentials)
     * @param gateway     the gateway's base URL
     */
    record Options(
            int enterprises,
            int rate,
            boolean toIntake,
            boolean measure,
            long seed,
            String kafka,
            Path dataDirectory,
            String gateway) {

        /** How {@code principal} connects to the stack's broker. */
        KafkaAccess kafka(String principal) {
            return KafkaCredentials.existing(dataDirectory, kafka).access(principal);
        }

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            boolean measure = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--measure" -> measure = true;
                    case "--enterprises", "--rate", "--to", "--seed", "--kafka", "--data-dir", "--gateway" -> {
                        if (i + 1 >= args.length) {
                            throw new StackFailure(args[i] + " needs a value\n" + USAGE);
                        }
                        values.put(args[i], args[++i]);
                    }
                    case "-h", "--help" -> throw new StackFailure(USAGE);
                    default -> throw new StackFailure("unknown option " + args[i] + "\n" + USAGE);
                }
            }
            String to = values.getOrDefault("--to", "kafka");
            if (!to.equals("kafka") && !to.equals("intake")) {
                throw new StackFailure("--to must be kafka or intake, not " + to);
            }
            try {
                return new Options(
                        Integer.parseInt(values.getOrDefault("--enterprises", "1000")),
                        Integer.parseInt(values.getOrDefault("--rate", "0")),
                        to.equals("intake"),
                        measure,
                        Long.parseLong(values.getOrDefault("--seed", Long.toString(System.currentTimeMillis()))),
                        values.getOrDefault("--kafka", "localhost:" + StackPorts.KAFKA),
                        Path.of(values.getOrDefault("--data-dir", "deploy/local/data")),
                        values.getOrDefault("--gateway", "http://localhost:" + StackPorts.GATEWAY));
            } catch (NumberFormatException e) {
                throw new StackFailure("--enterprises, --rate and --seed take whole numbers: " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        try {
            run(Options.parse(args), System.out);
        } catch (StackFailure e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    static void run(Options options, PrintStream out) {
        List<FeedRecord> events = SyntheticEnterprises.events(options.enterprises(), options.seed());
        out.printf(
                "sending %,d events of %,d enterprises to %s%s%n",
                events.size(),
                options.enterprises(),
                options.toIntake() ? options.gateway() + "/api/intake" : "Kafka at " + options.kafka(),
                options.rate() > 0 ? " at " + options.rate() + " events/s" : " as fast as possible");
        Map<String, Long> lastFact = new HashMap<>();
        long started = System.currentTimeMillis();
        if (options.toIntake()) {
            toIntake(options, events, lastFact);
        } else {
            toKafka(options, events, lastFact);
        }
        long sent = System.currentTimeMillis();
        double achieved = events.size() * 1000.0 / Math.max(1, sent - started);
        out.printf("sent in %.1f s: %,.0f events/s%n", (sent - started) / 1000.0, achieved);
        rateMissed(options.rate(), achieved).ifPresent(out::println);
        if (options.measure()) {
            measure(options, events.size(), started, lastFact, out);
        }
    }

    private static void toKafka(Options options, List<FeedRecord> events, Map<String, Long> lastFact) {
        Map<String, Object> settings = options.kafka(KafkaPrincipals.FEEDS).clientSettings();
        settings.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            Pacer pacer = new Pacer(options.rate());
            for (FeedRecord event : events) {
                pacer.awaitTurn();
                long now = System.currentTimeMillis();
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(event.topic(), null, now, event.key(), event.value());
                record.headers()
                        .add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                lastFact.put(event.key(), now);
            }
        }
    }

    private static void toIntake(Options options, List<FeedRecord> events, Map<String, Long> lastFact) {
        HttpClient http = HttpClient.newHttpClient();
        String token = DevTokens.forLocalStack().feed();
        Pacer pacer = new Pacer(options.rate() == 0 ? 0 : Math.max(1, options.rate() / BATCH));
        for (int from = 0; from < events.size(); from += BATCH) {
            List<FeedRecord> batch = events.subList(from, Math.min(events.size(), from + BATCH));
            pacer.awaitTurn();
            StringBuilder body = new StringBuilder("[");
            for (FeedRecord event : batch) {
                body.append(body.length() > 1 ? "," : "").append(new String(event.value(), StandardCharsets.UTF_8));
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(options.gateway() + "/api/intake/events/batch"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 300) {
                    throw new StackFailure("intake answered " + response.statusCode() + ": " + response.body());
                }
            } catch (IOException e) {
                throw new StackFailure("cannot reach the gateway at " + options.gateway() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackFailure("interrupted");
            }
            long now = System.currentTimeMillis();
            batch.forEach(event -> lastFact.put(event.key(), now));
        }
    }

    /** Reads decisions made since {@code started} until ten seconds pass without one for a sent enterprise. */
    private static void measure(
            Options options, int events, long started, Map<String, Long> lastFact, PrintStream out) {
        Map<String, Long> lastDecision = new HashMap<>();
        Map<String, Object> settings = options.kafka(KafkaPrincipals.OBSERVER).clientSettings();
        settings.putAll(
                Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("benefit.decisions.v1").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> from = new HashMap<>();
            partitions.forEach(p -> from.put(p, started));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(from);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                if (offset == null) {
                    consumer.seekToEnd(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }
            // every enterprise decided: 10 s more for later decisions; otherwise up to a minute without any (a
            // decider's
            // round of several hundred enterprises can take longer than 10 s on a busy, cold stack)
            long idleSince = System.currentTimeMillis();
            while (System.currentTimeMillis() - idleSince < (lastDecision.size() < lastFact.size() ? 60_000 : 10_000)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (lastFact.containsKey(record.key())) {
                        lastDecision.merge(record.key(), record.timestamp(), Math::max);
                        idleSince = System.currentTimeMillis();
                    }
                }
            }
        }
        long end =
                lastDecision.values().stream().mapToLong(Long::longValue).max().orElse(started);
        long[] latencies = lastDecision.entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - lastFact.get(e.getKey())))
                .sorted()
                .toArray();
        out.printf(
                "decided %,d of %,d enterprises; %,.0f events/s from first event to last decision; latency p50 %d ms, p99 %d ms%n",
                lastDecision.size(),
                lastFact.size(),
                events * 1000.0 / Math.max(1, end - started),
                percentile(latencies, 50),
                percentile(latencies, 99));
    }

    static long percentile(long[] sorted, int percent) {
        return sorted.length == 0
                ? -1
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    /**
     * What to say when the events went out more slowly than {@code --rate} asked (by more than 5 %): the stack, or
     * this machine, did not keep up, and the figures measure the rate achieved, not the one asked for.
     */
    static java.util.Optional<String> rateMissed(int asked, double achieved) {
        if (asked <= 0 || achieved >= asked * 0.95) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(
                "MISSED THE RATE: asked for %,d events/s, sent %,.0f events/s (%.0f %%): the receiver or"
                        + " this machine did not keep up; the figures below are for the rate achieved",
                asked, achieved, achieved * 100 / asked));
    }

    /** Spaces sends out to a rate; rate 0 never waits. */
    private static final class Pacer {
        private final long intervalNanos;
        private long next = System.nanoTime();

        Pacer(int perSecond) {
            this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
        }

        void awaitTurn() {
            if (intervalNanos == 0) {
                return;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next = Math.max(next + intervalNanos, System.nanoTime() - 1_000_000_000L);
        }
    }
}
