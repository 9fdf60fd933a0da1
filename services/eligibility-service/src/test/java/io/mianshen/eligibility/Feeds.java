package io.mianshen.eligibility;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.EventContract;
import io.mianshen.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 * Test feeds and a reader of the decision topic, speaking only the public contract: structured
 * CloudEvents in, structured CloudEvents out. Every event is checked against the contract: those published
 * first, and every decision event read.
 */
public final class Feeds implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventContract CONTRACT = EventContract.load();

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> decisions;
    private final List<JsonNode> decisionEvents = new CopyOnWriteArrayList<>();

    public Feeds() {
        String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        decisions = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "decision-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                        "500"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        decisions.subscribe(List.of("benefit.decisions.v1"));
    }

    /** A fresh, valid USCC, so that every test has enterprises of its own. */
    public static String newUscc() {
        return io.mianshen.testsupport.EventFeed.newUscc();
    }

    /** Publishes a structured CloudEvent with a new id; returns the id. */
    public String publish(String type, String uscc, String time, Map<String, Object> data) {
        return publish(type, uscc, time, data, "it-" + UUID.randomUUID());
    }

    /** Publishes a structured CloudEvent with the given id (to repeat an event, publish its id again). */
    public String publish(String type, String uscc, String time, Map<String, Object> data, String id) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/feeds/test/370000");
        event.put("type", type);
        event.put("subject", uscc);
        event.put("time", time);
        event.put("datacontenttype", "application/json");
        Map<String, Object> withUscc = new LinkedHashMap<>(Map.of("uscc", uscc));
        withUscc.putAll(data);
        event.set("data", JSON.valueToTree(withUscc));
        String topic = CONTRACT.topicOf(type).orElseThrow().name();
        if (!CONTRACT.validateEvent(event, topic, uscc).isEmpty()) {
            throw new IllegalArgumentException(
                    "test event breaks the contract: " + CONTRACT.validateEvent(event, topic, uscc));
        }
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, uscc, event.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public String registered(String uscc, String region, String industry, String sizeClass, String time) {
        return publish(
                "gov.enterprise.registered.v1",
                uscc,
                time,
                Map.of(
                        "name",
                        "测试企业" + uscc.substring(10),
                        "region",
                        region,
                        "industry",
                        industry,
                        "sizeClass",
                        sizeClass,
                        "establishedOn",
                        "2016-05-12"));
    }

    public String filing(
            String uscc, int year, String filingId, String amends, String rdExpense, String taxableIncome) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("fiscalYear", year);
        data.put("filingId", filingId);
        data.put("amendsFilingId", amends);
        data.put("revenue", "52000000.00");
        data.put("rdExpense", rdExpense);
        data.put("taxableIncome", taxableIncome);
        data.put("employees", 120);
        data.put("filedOn", (year + 1) + (amends == null ? "-05-20" : "-06-30"));
        return publish("gov.tax.annual-filing.v1", uscc, (year + 1) + "-05-20T10:00:00+08:00", data);
    }

    public String certificate(String uscc, String kind, String number, String issuedOn, String validUntil) {
        return publish(
                "gov.sci.certification.granted.v1",
                uscc,
                issuedOn + "T09:00:00+08:00",
                Map.of("kind", kind, "certificateNo", number, "issuedOn", issuedOn, "validUntil", validUntil));
    }

    public String revocation(String uscc, String kind, String number, String revokedOn) {
        return publish(
                "gov.sci.certification.revoked.v1",
                uscc,
                revokedOn + "T09:00:00+08:00",
                Map.of("kind", kind, "certificateNo", number, "revokedOn", revokedOn, "reason", "复核不合格"));
    }

    public String rating(String uscc, int year, String rating) {
        return publish(
                "gov.tax.credit-rating.v1",
                uscc,
                (year + 1) + "-04-15T09:00:00+08:00",
                Map.of("year", year, "rating", rating));
    }

    /** Every decision event read so far for {@code uscc}, in topic order (one partition per enterprise). */
    public List<JsonNode> decisionsOf(String uscc) {
        for (var record : decisions.poll(Duration.ofMillis(200))) {
            JsonNode event = JSON.readTree(record.value());
            // every decision event any test sees must keep the public contract: the service does not re-check its own
            // output
            var violations = CONTRACT.validateEvent(
                    (tools.jackson.databind.node.ObjectNode) event, record.topic(), record.key());
            if (!violations.isEmpty()) {
                throw new AssertionError("decision event breaks the contract: " + violations + "\n" + event);
            }
            decisionEvents.add(event);
        }
        List<JsonNode> of = new ArrayList<>();
        for (JsonNode event : decisionEvents) {
            if (event.get("subject").asString().equals(uscc)) {
                of.add(event);
            }
        }
        return of;
    }

    /**
     * The live decisions that the events of {@code uscc} add up to: "policyId period" to amount. A
     * granted or adjusted event sets it, a revoked event removes it; a budget queue's entries and exits change nothing.
     */
    public Map<String, String> liveOf(String uscc) {
        Map<String, String> live = new java.util.TreeMap<>();
        for (JsonNode event : decisionsOf(uscc)) {
            JsonNode data = event.get("data");
            String key =
                    data.get("policyId").asString() + " " + data.get("period").asString();
            switch (event.get("type").asString()) {
                case "gov.benefit.revoked.v1" -> live.remove(key);
                case "gov.benefit.granted.v1", "gov.benefit.adjusted.v1" ->
                    live.put(key, data.get("amount").asString());
                default -> {}
            }
        }
        return live;
    }

    @Override
    public void close() {
        producer.close();
        decisions.close();
    }
}
