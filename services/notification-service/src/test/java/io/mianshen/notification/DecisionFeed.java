package io.mianshen.notification;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.ContractExamples;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.Uscc;
import io.mianshen.testsupport.TestInfrastructure;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * What the notification service hears and says, through the public contract only: registry and decision
 * events in (made from the contract's own examples, checked against it), notice events out (every one read
 * is checked against the contract too).
 */
public final class DecisionFeed implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventContract CONTRACT = EventContract.load();
    private static final Random RANDOM = new Random();

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> notices;
    private final List<JsonNode> noticeEvents = new ArrayList<>();

    public DecisionFeed() {
        String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        notices = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "notice-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"),
                new StringDeserializer(), new ByteArrayDeserializer());
        notices.subscribe(List.of("notices.v1"));
    }

    /** A fresh, valid USCC, so that every test has enterprises of its own. */
    public static String newUscc() {
        StringBuilder code = new StringBuilder("913701");
        for (int i = 0; i < 11; i++) {
            code.append(Uscc.ALPHABET.charAt(RANDOM.nextInt(Uscc.ALPHABET.length())));
        }
        return code.append(Uscc.checkCharacter(code.toString())).toString();
    }

    /** The registration of {@code uscc} with an e-mail address and a webhook URL (either may be {@code null}). */
    public void registered(String uscc, String email, String webhookUrl) {
        ObjectNode event = example("gov.enterprise.registered.v1", uscc);
        ObjectNode contact = ((ObjectNode) event.get("data")).putObject("contact");
        if (email != null) {
            contact.put("email", email);
        }
        if (webhookUrl != null) {
            contact.put("webhookUrl", webhookUrl);
        }
        publish("enterprise.registry.v1", event);
    }

    /** A grant of {@code amount} of rd-post-subsidy (鲁科字〔2023〕16号 art. 19) for FY2023; returns the event. */
    public ObjectNode granted(String uscc, String amount) {
        ObjectNode event = example("gov.benefit.granted.v1", uscc);
        ObjectNode data = (ObjectNode) event.get("data");
        String decisionId = UUID.randomUUID().toString();
        event.put("id", decisionId);
        data.put("decisionId", decisionId);
        data.put("amount", amount);
        ObjectNode explanation = data.putObject("explanation");
        explanation.put("outcome", "ELIGIBLE");
        explanation.put("summaryZh", "2023 纳税年度研发费用 4,100,000.00 元，占营业收入 7.88%，符合研发投入后补助条件。");
        explanation.put("summaryEn", "R&D expense of CNY 4,100,000.00 in fiscal year 2023, 7.88% of revenue, qualifies for the R&D post-subsidy.");
        explanation.putArray("clauses");
        return publish("benefit.decisions.v1", event);
    }

    /** An adjustment of {@code granted} to {@code amount} (an amended filing). */
    public ObjectNode adjusted(ObjectNode granted, String amount) {
        String uscc = granted.get("subject").asString();
        ObjectNode event = example("gov.benefit.adjusted.v1", uscc);
        ObjectNode data = (ObjectNode) event.get("data");
        String decisionId = UUID.randomUUID().toString();
        event.put("id", decisionId);
        data.put("decisionId", decisionId);
        data.put("supersedes", granted.get("data").get("decisionId").asString());
        data.put("previousAmount", granted.get("data").get("amount").asString());
        data.put("amount", amount);
        return publish("benefit.decisions.v1", event);
    }

    /** The revocation of {@code granted}, asking back {@code recoverAmount}. */
    public ObjectNode revoked(ObjectNode granted, String recoverAmount) {
        String uscc = granted.get("subject").asString();
        ObjectNode event = example("gov.benefit.revoked.v1", uscc);
        ObjectNode data = (ObjectNode) event.get("data");
        String decisionId = UUID.randomUUID().toString();
        event.put("id", decisionId);
        data.put("decisionId", decisionId);
        data.put("revokes", granted.get("data").get("decisionId").asString());
        data.put("policyId", granted.get("data").get("policyId").asString());
        data.put("period", granted.get("data").get("period").asString());
        data.put("recoverAmount", recoverAmount);
        return publish("benefit.decisions.v1", event);
    }

    /** Publishes a structured CloudEvent (checked against the contract first); returns it. */
    public ObjectNode publish(String topic, ObjectNode event) {
        String key = event.get("subject").asString();
        if (!CONTRACT.validateEvent(event, topic, key).isEmpty()) {
            throw new IllegalArgumentException("test event breaks the contract: " + CONTRACT.validateEvent(event, topic, key));
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

    /** Every notice event read so far about {@code decisionId}. */
    public List<JsonNode> noticeEventsOf(String decisionId) {
        for (ConsumerRecord<String, byte[]> record : notices.poll(Duration.ofMillis(200))) {
            ObjectNode event = (ObjectNode) JSON.readTree(record.value());
            var violations = CONTRACT.validateEvent(event, record.topic(), record.key());
            if (!violations.isEmpty()) {
                throw new AssertionError("notice event breaks the contract: " + violations + "\n" + event);
            }
            noticeEvents.add(event);
        }
        return noticeEvents.stream().filter(e -> e.get("data").get("decisionId").asString().equals(decisionId)).toList();
    }

    private static ObjectNode example(String type, String uscc) {
        ObjectNode event = (ObjectNode) ContractExamples.valid(type).deepCopy();
        event.put("id", "it-" + UUID.randomUUID());
        event.put("subject", uscc);
        ((ObjectNode) event.get("data")).put("uscc", uscc);
        return event;
    }

    @Override
    public void close() {
        producer.close();
        notices.close();
    }
}
