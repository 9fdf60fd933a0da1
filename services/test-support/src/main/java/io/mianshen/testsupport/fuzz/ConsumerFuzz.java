package io.mianshen.testsupport.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.quicktheories.QuickTheory.qt;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.DeadLetterHeaders;
import io.mianshen.testsupport.TestInfrastructure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes mutants, each followed by a good record on the same partition, to a service's topics through the real
 * broker, then checks what became of every one of them in the service's consumer group: within the bound, the
 * group has committed past every record (no partition left behind); a record the contract refuses is on
 * {@code <topic>.dlt} with its reason and rule; a record it takes is not there (it was processed).
 */
public final class ConsumerFuzz implements AutoCloseable {

    /** Where a mutant went. */
    public record Published(ContractMutants.Mutant mutant, int partition, long offset) {}

    private final String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
    private final String group;
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    private final List<Published> published = new CopyOnWriteArrayList<>();

    /** Fuzzes the service reading with consumer group {@code group}. */
    public ConsumerFuzz(String group) {
        this.group = group;
    }

    /** Every record published so far. */
    public List<Published> published() {
        return List.copyOf(published);
    }

    /**
     * Publishes {@link ContractMutants#examples()} mutants of {@code types} (QuickTheories, seed
     * {@link ContractMutants#seed()}), each followed by a good record, then checks every one's end within {@code bound}
     * ({@link #assertEveryRecordEnded}).
     */
    public void publishMutantsAndCheck(List<String> types, Duration bound, Predicate<Published> processed) {
        qt().withFixedSeed(ContractMutants.seed())
                .withExamples(ContractMutants.examples())
                .forAll(ContractMutants.of(types))
                .checkAssert(this::publish);
        assertThat(published)
                .as("the mutants include records the contract takes and records it refuses")
                .anyMatch(p -> p.mutant().valid())
                .anyMatch(p -> !p.mutant().valid());
        assertEveryRecordEnded(bound, processed);
    }

    /** Publishes {@code mutant}, then a good record on the same partition of its topic. */
    public void publish(ContractMutants.Mutant mutant) {
        Published bad = send(mutant, null);
        send(ContractMutants.validOn(mutant.topic()), bad.partition());
    }

    /**
     * Waits until the group has committed past every published record, then checks each one's end.
     *
     * @param processed what the service shows of a record it took (e.g. a stored row); checked for every valid one
     */
    public void assertEveryRecordEnded(Duration bound, Predicate<Published> processed) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, Long> last = new HashMap<>();
            published.forEach(
                    p -> last.merge(new TopicPartition(p.mutant().topic(), p.partition()), p.offset(), Math::max));
            await().atMost(bound).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                List<String> behind = new ArrayList<>();
                last.forEach((partition, offset) -> {
                    OffsetAndMetadata at = committed.get(partition);
                    if (at == null || at.offset() <= offset) {
                        behind.add(partition + " at " + (at == null ? "nothing" : at.offset()) + ", published up to "
                                + offset);
                    }
                });
                assertThat(behind)
                        .as("partitions of group " + group + " not yet past every fuzzed record")
                        .isEmpty();
            });
        }
        Map<String, ConsumerRecord<String, byte[]>> deadLetters = deadLetters();
        List<String> wrong = new ArrayList<>();
        for (Published record : published) {
            ConsumerRecord<String, byte[]> deadLetter =
                    deadLetters.get(where(record.mutant().topic(), record.partition(), record.offset()));
            if (record.mutant().valid()) {
                if (deadLetter != null) {
                    wrong.add("taken by the contract but dead-lettered (" + header(deadLetter, DeadLetterHeaders.REASON)
                            + "): " + record.mutant());
                } else if (!processed.test(record)) {
                    wrong.add("taken by the contract but not processed: " + record.mutant());
                }
            } else if (deadLetter == null) {
                wrong.add("refused by the contract but not dead-lettered: " + record.mutant());
            } else if (header(deadLetter, DeadLetterHeaders.REASON).isBlank()
                    || header(deadLetter, DeadLetterHeaders.RULE).isBlank()) {
                wrong.add("dead-lettered without a reason: " + record.mutant());
            }
        }
        assertThat(wrong)
                .as("records whose end is wrong, of " + published.size())
                .isEmpty();
    }

    private Published send(ContractMutants.Mutant mutant, Integer partition) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(mutant.topic(), partition, mutant.key(), mutant.value());
        record.headers().add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        try {
            RecordMetadata sent = producer.send(record).get();
            Published done = new Published(mutant, sent.partition(), sent.offset());
            published.add(done);
            return done;
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + mutant, e);
        }
    }

    /** The dead-lettered records of this group, by where they were read from. */
    private Map<String, ConsumerRecord<String, byte[]>> deadLetters() {
        List<String> topics = published.stream()
                .map(p -> p.mutant().topic() + ".dlt")
                .distinct()
                .toList();
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "fuzz-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            reader.subscribe(topics);
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
                var records = reader.poll(Duration.ofMillis(300));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (header(record, DeadLetterHeaders.CONSUMER).contains("group " + group + ")")) {
                        found.put(
                                where(
                                        header(record, DeadLetterHeaders.ORIGINAL_TOPIC),
                                        ByteBuffer.wrap(bytes(record, DeadLetterHeaders.ORIGINAL_PARTITION))
                                                .getInt(),
                                        ByteBuffer.wrap(bytes(record, DeadLetterHeaders.ORIGINAL_OFFSET))
                                                .getLong()),
                                record);
                    }
                }
            }
        }
        return found;
    }

    private static String where(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private static byte[] bytes(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? new byte[8] : header.value();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
