package io.mianshen.testsupport;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.ContractExamples;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.Uscc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events in and out of a service under test through the public contract only: structured CloudEvents
 * made from the contract's own examples and checked against it before they are sent, and readers of
 * topics that check every event they read against the contract too.
 */
public final class EventFeed implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventContract CONTRACT = EventContract.load();
    private static final Random RANDOM = new Random();

    private final String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    private final Map<String, KafkaConsumer<String, byte[]>> readers = new HashMap<>();
    private final Map<String, List<JsonNode>> read = new HashMap<>();
    private final Map<String, List<ConsumerRecord<String, byte[]>>> records = new HashMap<>();

    /** A fresh, valid USCC, so that every test has enterprises of its own. */
    public static String newUscc() {
        StringBuilder code = new StringBuilder("913701");
        for (int i = 0; i < 11; i++) {
            code.append(Uscc.ALPHABET.charAt(RANDOM.nextInt(Uscc.ALPHABET.length())));
        }
        return code.append(Uscc.checkCharacter(code.toString())).toString();
    }

    /** The contract's valid example of {@code type}, about {@code uscc}, with a new id. */
    public static ObjectNode example(String type, String uscc) {
        ObjectNode event = (ObjectNode) ContractExamples.valid(type).deepCopy();
        event.put("id", "it-" + UUID.randomUUID());
        event.put("subject", uscc);
        ((ObjectNode) event.get("data")).put("uscc", uscc);
        return event;
    }

    /** Publishes a structured CloudEvent, keyed by its subject, after checking it against the contract; returns it. */
    public ObjectNode publish(String topic, ObjectNode event) {
        String key = event.get("subject").asString();
        var violations = CONTRACT.validateEvent(event, topic, key);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("test event breaks the contract: " + violations);
        }
        send(topic, key, event.toString().getBytes(StandardCharsets.UTF_8));
        return event;
    }

    /** Sends raw bytes as a structured CloudEvent record, valid or not. */
    public void send(String topic, String key, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every event read so far from {@code topic} (from its beginning), each checked against the contract. */
    public List<JsonNode> read(String topic) {
        KafkaConsumer<String, byte[]> reader = readers.computeIfAbsent(topic, t -> {
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrap,
                            ConsumerConfig.GROUP_ID_CONFIG,
                            "reader-" + UUID.randomUUID(),
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest",
                            ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                            "500"),
                    new StringDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(t));
            return consumer;
        });
        List<JsonNode> events = read.computeIfAbsent(topic, t -> new ArrayList<>());
        for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
            ObjectNode event = (ObjectNode) JSON.readTree(record.value());
            var violations = CONTRACT.validateEvent(event, record.topic(), record.key());
            if (!violations.isEmpty()) {
                throw new AssertionError("event on " + topic + " breaks the contract: " + violations + "\n" + event);
            }
            events.add(event);
            records.computeIfAbsent(topic, t -> new ArrayList<>()).add(record);
        }
        return List.copyOf(events);
    }

    /** Every record read so far from {@code topic}, with its key and headers (each checked as {@link #read} does). */
    public List<ConsumerRecord<String, byte[]>> readRecords(String topic) {
        read(topic);
        return List.copyOf(records.getOrDefault(topic, List.of()));
    }

    @Override
    public void close() {
        producer.close();
        readers.values().forEach(KafkaConsumer::close);
    }
}
