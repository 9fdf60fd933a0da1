package io.mianshen.eligibility.intake.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.ContractExamples;
import io.mianshen.contracts.DeadLetterHeaders;
import io.mianshen.contracts.EventContract;
import io.mianshen.eligibility.facts.FactTopics;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestInfrastructure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The first end-to-end proof: each valid contract example, published by the CloudEvents SDK in
 * binary and in structured mode, is stored by the real listener in PostgreSQL; each invalid example
 * lands on its dead-letter topic naming the rule; the partition keeps going; repeats count once.
 */
@SpringBootTest
@RealInfrastructure(database = "eligibility")
class FactIntakeIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventContract CONTRACT = EventContract.load();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> deadLetterConsumer;
    private static final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry metrics;

    @BeforeAll
    static void connect() {
        String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        deadLetterConsumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "fact-intake-it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                        "1000"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetterConsumer.subscribe(
                FactTopics.ALL.stream().map(t -> t + ".dlt").toList());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        deadLetterConsumer.close();
    }

    static Stream<String> factTypes() {
        return FactTopics.ALL.stream().flatMap(topic -> CONTRACT.topic(topic).orElseThrow().types().stream());
    }

    static Stream<ContractExamples.InvalidExample> invalidExamples() {
        return ContractExamples.invalid().stream().filter(example -> FactTopics.ALL.contains(example.topic()));
    }

    @ParameterizedTest
    @MethodSource("factTypes")
    void storesEachValidFactPublishedInBinaryMode(String type) {
        CloudEvent event = cloudEvent(ContractExamples.valid(type), "binary");
        String topic = CONTRACT.topicOf(type).orElseThrow().name();

        send(KafkaMessageFactory.createWriter(topic, event.getSubject()).writeBinary(event));

        awaitStored(event);
    }

    @ParameterizedTest
    @MethodSource("factTypes")
    void storesEachValidFactPublishedInStructuredMode(String type) {
        CloudEvent event = cloudEvent(ContractExamples.valid(type), "structured");
        String topic = CONTRACT.topicOf(type).orElseThrow().name();

        send(KafkaMessageFactory.createWriter(topic, event.getSubject())
                .writeStructured(event, EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE)));

        awaitStored(event);
    }

    @ParameterizedTest
    @MethodSource("invalidExamples")
    void deadLettersEachInvalidExampleUnchangedWithTheViolatedRule(ContractExamples.InvalidExample example) {
        String key = subjectOf(example.raw()).orElse("91370100MA3C0QXJ4F");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(example.topic(), key, example.raw());
        record.headers().add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));

        send(record);

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(example.topic(), example.raw());
        assertThat(deadLetter.key()).isEqualTo(key);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON))
                .contains((example.pointer().isEmpty() ? "(event)" : example.pointer()) + ": ")
                .contains(example.field())
                .contains("[rule " + example.rule() + "]");
        assertThat(header(deadLetter, DeadLetterHeaders.RULE).split(",")).contains(example.rule());
        assertThat(header(deadLetter, DeadLetterHeaders.POINTER).split(",")).contains(example.pointer());
        // the reason says why; no Java stack trace of the service's internals rides along
        assertThat(deadLetter.headers().lastHeader("kafka_dlt-exception-stacktrace"))
                .isNull();
        assertThat(header(deadLetter, DeadLetterHeaders.CONSUMER)).contains("eligibility-service");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(example.topic());
        assertThat(deadLetter.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET))
                .isNotNull();
        assertThat(metrics.find("mianshen.events.rejected")
                        .tag("topic", example.topic())
                        .counters())
                .as("rejections are counted by reason")
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.count()).isPositive());
    }

    @Test
    void keepsConsumingThePartitionAfterABadRecord() {
        ContractExamples.InvalidExample malformed = ContractExamples.invalid().stream()
                .filter(e -> e.rule().equals("json"))
                .findFirst()
                .orElseThrow();
        CloudEvent good = cloudEvent(ContractExamples.valid("gov.tax.annual-filing.v1"), "after-bad");

        // same key, so the same partition: the good record waits behind the bad one
        send(new ProducerRecord<>(FactTopics.TAX, good.getSubject(), malformed.raw()));
        send(KafkaMessageFactory.createWriter(FactTopics.TAX, good.getSubject()).writeBinary(good));

        awaitStored(good);
        awaitDeadLetter(FactTopics.TAX, malformed.raw());
    }

    @Test
    void storesARepeatedEventOnce() {
        CloudEvent repeated = cloudEvent(ContractExamples.valid("gov.tax.credit-rating.v1"), "repeated");
        CloudEvent sentinel = cloudEvent(ContractExamples.valid("gov.tax.credit-rating.v1"), "sentinel");

        send(KafkaMessageFactory.createWriter(FactTopics.TAX, repeated.getSubject())
                .writeBinary(repeated));
        send(KafkaMessageFactory.createWriter(FactTopics.TAX, repeated.getSubject())
                .writeBinary(repeated));
        send(KafkaMessageFactory.createWriter(FactTopics.TAX, sentinel.getSubject())
                .writeBinary(sentinel));

        // the sentinel follows both copies on the same partition: once it is stored, both were processed
        awaitStored(sentinel);
        assertThat(storedCount(repeated)).isEqualTo(1);
    }

    private void awaitStored(CloudEvent event) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<Map<String, Object>> rows = jdbc.sql("""
                            SELECT event_type, uscc, data ->> 'uscc' AS data_uscc, occurred_at
                            FROM fact_event WHERE event_source = ? AND event_id = ?""")
                    .params(event.getSource().toString(), event.getId())
                    .query()
                    .listOfRows();
            assertThat(rows).singleElement().satisfies(row -> {
                assertThat(row.get("event_type")).isEqualTo(event.getType());
                assertThat(row.get("uscc")).isEqualTo(event.getSubject());
                assertThat(row.get("data_uscc")).isEqualTo(event.getSubject());
            });
        });
    }

    private int storedCount(CloudEvent event) {
        return jdbc.sql("SELECT count(*) FROM fact_event WHERE event_source = ? AND event_id = ?")
                .params(event.getSource().toString(), event.getId())
                .query(Integer.class)
                .single();
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, byte[] value) {
        return await().atMost(PATIENCE)
                .until(
                        () -> {
                            deadLetterConsumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
                            return deadLetters.stream()
                                    .filter(r -> r.topic().equals(topic + ".dlt")
                                            && java.util.Arrays.equals(r.value(), value))
                                    .findFirst();
                        },
                        Optional::isPresent)
                .orElseThrow();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /** The example as a CloudEvent of the SDK, with an id of its own so that every test publishes a new fact. */
    private static CloudEvent cloudEvent(JsonNode example, String variant) {
        return CloudEventBuilder.v1()
                .withId(example.get("id").asString() + "-" + variant + "-" + UUID.randomUUID())
                .withSource(URI.create(example.get("source").asString()))
                .withType(example.get("type").asString())
                .withSubject(example.get("subject").asString())
                .withTime(OffsetDateTime.parse(example.get("time").asString()))
                .withData("application/json", JSON.writeValueAsBytes(example.get("data")))
                .build();
    }

    private static Optional<String> subjectOf(byte[] raw) {
        try {
            JsonNode event = JSON.readTree(raw);
            return event instanceof ObjectNode && event.has("subject")
                    ? Optional.of(event.get("subject").asString())
                    : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }
}
