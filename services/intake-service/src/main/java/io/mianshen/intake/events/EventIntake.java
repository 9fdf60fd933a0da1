package io.mianshen.intake.events;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import io.mianshen.contracts.Violation;
import io.mianshen.intake.config.IntakeSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Accepts fact events from HTTP feeds: each is checked against the contract (envelope, data schema, USCC,
 * fact topic), recorded once per (source, id), and published as a structured CloudEvent to its topic with
 * the USCC as key by an idempotent producer. The record and the publication happen in one transaction that
 * waits for Kafka's acknowledgement: an event is never recorded as accepted without being on its topic, and
 * a failure to publish fails the request clearly.
 */
@Service
public class EventIntake {

    /** The Kafka header naming the feed client that submitted an event over HTTP (its token's subject). */
    public static final String SUBMITTED_BY_HEADER = "mianshen-submitted-by";

    private final EventContract contract;
    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final IntakeSettings settings;
    private final MeterRegistry metrics;

    EventIntake(
            EventContract contract,
            JdbcClient jdbc,
            KafkaTemplate<String, byte[]> kafka,
            TransactionTemplate transactions,
            IntakeSettings settings,
            MeterRegistry metrics) {
        this.contract = contract;
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.transactions = transactions;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * Checks that {@code grant} covers every fact event's source and type (else nothing is published:
     * {@link NotPermitted}), checks every event against the contract, then records and publishes the valid ones in
     * one transaction, with the submitting client: all are sent at once and the transaction commits only when Kafka
     * has acknowledged every one. A rejected event does not stop the others; a failure to publish fails them all
     * (none is recorded as accepted, so the feed sends them again).
     */
    public List<ItemResult> submit(List<Submitted> events, FeedGrant grant) {
        List<NotPermitted.Refusal> refusals = new ArrayList<>();
        List<String> factTypes = feedTypes();
        for (int i = 0; i < events.size(); i++) {
            // an event of no fact type is refused by the contract below, whoever sends it
            if (!factTypes.contains(text(events.get(i).event(), "type"))) {
                continue;
            }
            List<Violation> outside = grant.refusals(events.get(i).event());
            if (!outside.isEmpty()) {
                refusals.add(new NotPermitted.Refusal(i, events.get(i).line(), outside));
            }
        }
        if (!refusals.isEmpty()) {
            metrics.counter("mianshen.intake.refused", "client", grant.client()).increment(refusals.size());
            throw new NotPermitted(grant.client(), refusals);
        }
        ItemResult[] results = new ItemResult[events.size()];
        List<Checked> valid = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Submitted submitted = events.get(i);
            Object checked = check(i, submitted);
            if (checked instanceof ItemResult rejected) {
                results[i] = rejected;
            } else {
                valid.add((Checked) checked);
            }
        }
        if (!valid.isEmpty()) {
            Set<Integer> fresh = transactions.execute(status -> recordAndPublish(valid, grant.client()));
            for (Checked item : valid) {
                boolean accepted = fresh != null && fresh.contains(item.index());
                metrics.counter(
                                "mianshen.intake.events",
                                "type",
                                item.type(),
                                "status",
                                accepted ? "accepted" : "duplicate")
                        .increment();
                results[item.index()] = new ItemResult(
                        item.index(),
                        item.submitted().line(),
                        item.source(),
                        item.id(),
                        item.type(),
                        accepted ? ItemResult.Status.ACCEPTED : ItemResult.Status.DUPLICATE,
                        item.topic(),
                        List.of());
            }
        }
        return List.of(results);
    }

    /** A valid event on its way to its topic. */
    private record Checked(
            int index,
            Submitted submitted,
            ObjectNode event,
            String type,
            String topic,
            String key,
            String source,
            String id) {}

    /** The rejection ({@link ItemResult}) or the checked event ({@link Checked}). */
    private Object check(int index, Submitted submitted) {
        JsonNode node = submitted.event();
        if (!submitted.readProblems().isEmpty() || !(node instanceof ObjectNode event)) {
            List<Violation> problems = submitted.readProblems().isEmpty()
                    ? List.of(new Violation("", "type", "an event is a JSON object (a structured CloudEvent)"))
                    : submitted.readProblems();
            return rejected(index, submitted, node, problems);
        }
        String type = text(event, "type");
        Optional<EventTopic> topic = type == null ? Optional.empty() : contract.topicOf(type);
        if (topic.isEmpty() || !topic.get().writtenBy().endsWith("feed")) {
            return rejected(
                    index,
                    submitted,
                    event,
                    List.of(new Violation(
                            "/type",
                            "enum",
                            "type must be a fact type a feed publishes (" + String.join(", ", feedTypes()) + ")")));
        }
        String key = text(event, "subject");
        List<Violation> violations = contract.validateEvent(event, topic.get().name(), key);
        if (!violations.isEmpty()) {
            return rejected(index, submitted, event, violations);
        }
        return new Checked(
                index, submitted, event, type, topic.get().name(), key, text(event, "source"), text(event, "id"));
    }

    /** Records each event once per (source, id) and publishes the new ones; returns their indexes. */
    private Set<Integer> recordAndPublish(List<Checked> items, String client) {
        Set<Integer> fresh = new HashSet<>();
        List<Map.Entry<Integer, CompletableFuture<?>>> sends = new ArrayList<>();
        for (Checked item : items) {
            int inserted = jdbc.sql("""
                            INSERT INTO intake_event (event_source, event_id, event_type, topic, uscc, submitted_by) VALUES (?, ?, ?, ?, ?, ?)
                            ON CONFLICT (event_source, event_id) DO NOTHING""")
                    .params(item.source(), item.id(), item.type(), item.topic(), item.key(), client)
                    .update();
            if (inserted == 1) {
                fresh.add(item.index());
                sends.add(Map.entry(item.index(), send(item.index(), item.topic(), item.key(), item.event(), client)));
            }
        }
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        for (Map.Entry<Integer, CompletableFuture<?>> sent : sends) {
            try {
                sent.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailed(sent.getKey(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new PublishFailed(sent.getKey(), e instanceof ExecutionException ? e.getCause() : e);
            }
        }
        return fresh;
    }

    /**
     * An event as submitted: its JSON (or {@code null} when it could not be read) and, for CSV, its line
     * and the problems found while reading it.
     *
     * @param event        the event
     * @param line         its CSV line, or {@code null}
     * @param readProblems why it could not be read
     */
    public record Submitted(JsonNode event, Integer line, List<Violation> readProblems) {
        /** An event of a JSON submission. */
        public static Submitted json(JsonNode event) {
            return new Submitted(event, null, List.of());
        }
    }

    private CompletableFuture<?> send(int index, String topic, String key, ObjectNode event, String client) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, key, event.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add(SUBMITTED_BY_HEADER, client.getBytes(StandardCharsets.UTF_8));
        try {
            return kafka.send(record);
        } catch (RuntimeException e) {
            throw new PublishFailed(index, e);
        }
    }

    private ItemResult rejected(int index, Submitted submitted, JsonNode event, List<Violation> violations) {
        metrics.counter("mianshen.intake.events", "type", "-", "status", "rejected")
                .increment();
        return new ItemResult(
                index,
                submitted.line(),
                text(event, "source"),
                text(event, "id"),
                text(event, "type"),
                ItemResult.Status.REJECTED,
                null,
                violations);
    }

    /** The types a feed may publish. */
    public List<String> feedTypes() {
        return contract.topics().stream()
                .filter(t -> t.writtenBy().endsWith("feed"))
                .flatMap(t -> t.types().stream())
                .sorted()
                .toList();
    }

    /** The data schema of {@code type}, for reading CSV columns. */
    public JsonNode dataSchema(String type) {
        return contract.schema(type);
    }

    private static String text(JsonNode event, String field) {
        return event != null
                        && event.isObject()
                        && event.hasNonNull(field)
                        && event.get(field).isString()
                ? event.get(field).asString()
                : null;
    }
}
