package io.mianshen.local.demo;

import io.mianshen.local.DevTokens;
import io.mianshen.local.infra.KafkaAccess;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the stack made of a feed, read from the topics once every consumer group has caught up: decision events
 * by policy and type with the amounts now standing, notices by channel, and dead letters by topic.
 *
 * @param policies    per policy: its decision events and amounts
 * @param notices     delivered notices by channel (INBOX, EMAIL, WEBHOOK), plus {@code FAILED}
 * @param deadLetters per dead-letter topic: records, and distinct events among them (a topic read by two services
 *                    dead-letters a bad event once for each)
 */
public record StackSummary(
        Map<String, PolicyTally> policies,
        Map<String, Integer> notices,
        Map<String, DeadLetters> deadLetters,
        Map<String, Integer> publicity) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The metrics scraper's token (role OPERATOR), asked for again after half its hour. */
    private static final OperatorToken OPERATOR_TOKEN = new OperatorToken();

    private static final class OperatorToken {
        private String token;
        private Instant fetched = Instant.MIN;

        synchronized String get() {
            if (token == null || fetched.isBefore(Instant.now().minus(Duration.ofMinutes(30)))) {
                token = DevTokens.forLocalStack().operator();
                fetched = Instant.now();
            }
            return token;
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One policy's decision events.
     *
     * @param granted   granted events
     * @param adjusted  adjusted events
     * @param revoked   revoked events
     * @param standing  the amounts of the decisions standing now (the latest granted or adjusted amount of each
     *                  enterprise and period, nothing for a revoked one), in CNY
     * @param recovered the recoverAmount of every revocation, in CNY
     */
    public record PolicyTally(int granted, int adjusted, int revoked, BigDecimal standing, BigDecimal recovered) {}

    /**
     * A dead-letter topic.
     *
     * @param records records on it
     * @param events  distinct record values among them
     */
    public record DeadLetters(int records, int events) {}

    /**
     * Waits until every consumer group has read every record, the eligibility service has no enterprise left to
     * re-decide, and nothing new has been written for three seconds (outboxes and deliveries drained), at most
     * {@code timeout}; returns whether it settled.
     */
    public static boolean awaitSettled(KafkaAccess observer, URI eligibilityService, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(observer.clientSettings())) {
            long previousEnd = -1;
            int quietChecks = 0;
            while (Instant.now().isBefore(deadline)) {
                Map<TopicPartition, Long> ends =
                        endOffsets(admin, admin.listTopics().names().get());
                long end = ends.values().stream().mapToLong(Long::longValue).sum();
                // the eligibility service queues the enterprises whose facts it stored and decides them apart: caught
                // up on
                // the fact topics is not yet decided
                boolean caughtUp = lag(admin, ends) == 0 && pendingDecisions(eligibilityService) == 0;
                quietChecks = caughtUp && end == previousEnd ? quietChecks + 1 : 0;
                if (quietChecks >= 3) {
                    return true;
                }
                previousEnd = end;
                Thread.sleep(1000);
            }
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read consumer offsets: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * How many enterprises the eligibility service still has to re-decide (its {@code mianshen.decisions.pending}
     * gauge); -1 when it does not answer.
     */
    static long pendingDecisions(URI eligibilityService) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        eligibilityService.resolve("/actuator/metrics/mianshen.decisions.pending"))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN.get())
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            return (long) JSON.readTree(response.body())
                    .path("measurements")
                    .path(0)
                    .path("value")
                    .asDouble(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Reads the decision, notice and dead-letter topics from the beginning. */
    public static StackSummary read(KafkaAccess observer) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, BigDecimal> standing = new HashMap<>();
        Map<String, BigDecimal> recovered = new HashMap<>();
        Map<String, BigDecimal> live = new HashMap<>();
        for (JsonNode event : events(observer, "benefit.decisions.v1")) {
            JsonNode data = event.path("data");
            String policy = data.path("policyId").asString();
            String decided = data.path("uscc").asString() + "|" + policy + "|"
                    + data.path("period").asString();
            int[] tally = counts.computeIfAbsent(policy, id -> new int[3]);
            switch (event.path("type").asString()) {
                case "gov.benefit.granted.v1", "gov.benefit.adjusted.v1" -> {
                    tally[event.path("type").asString().contains("granted") ? 0 : 1]++;
                    live.put(decided, new BigDecimal(data.path("amount").asString()));
                }
                case "gov.benefit.revoked.v1" -> {
                    tally[2]++;
                    live.remove(decided);
                    recovered.merge(
                            policy, new BigDecimal(data.path("recoverAmount").asString()), BigDecimal::add);
                }
                default -> {}
            }
        }
        live.forEach((decided, amount) -> standing.merge(decided.split("\\|")[1], amount, BigDecimal::add));
        Map<String, PolicyTally> policies = new TreeMap<>();
        counts.forEach((policy, tally) -> policies.put(
                policy,
                new PolicyTally(
                        tally[0],
                        tally[1],
                        tally[2],
                        standing.getOrDefault(policy, BigDecimal.ZERO.setScale(2)),
                        recovered.getOrDefault(policy, BigDecimal.ZERO.setScale(2)))));

        Map<String, Integer> notices = new TreeMap<>();
        for (JsonNode event : events(observer, "notices.v1")) {
            String type = event.path("type").asString();
            if (type.equals("gov.notice.delivered.v1")) {
                notices.merge(event.path("data").path("channel").asString(), 1, Integer::sum);
            } else if (type.equals("gov.notice.failed.v1")) {
                notices.merge("FAILED", 1, Integer::sum);
            }
        }
        // publicity (公示) and review: grants published, objections, rulings by outcome, grants final
        Map<String, Integer> publicity = new TreeMap<>();
        for (JsonNode event : events(observer, "benefit.publicity.v1")) {
            String type = event.path("type").asString();
            String step = type.equals("gov.publicity.ruled.v1")
                    ? "ruled " + event.path("data").path("outcome").asString()
                    : type;
            publicity.merge(step, 1, Integer::sum);
        }
        Map<String, DeadLetters> deadLetters = new TreeMap<>();
        try (Admin admin = Admin.create(observer.clientSettings())) {
            for (String topic : admin.listTopics().names().get()) {
                if (topic.endsWith(".dlt")) {
                    List<ConsumerRecord<String, byte[]>> records = records(observer, topic);
                    long distinct = records.stream()
                            .map(record -> new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
                            .distinct()
                            .count();
                    deadLetters.put(topic, new DeadLetters(records.size(), (int) distinct));
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new StackSummary(policies, notices, deadLetters, publicity);
    }

    /** The summary as the demo prints it. */
    public String render() {
        StringBuilder text = new StringBuilder(String.format(
                "%-26s %8s %9s %8s %20s %16s%n",
                "Decision events", "granted", "adjusted", "revoked", "standing (CNY)", "to recover (CNY)"));
        policies.forEach((policy, tally) -> text.append(String.format(
                "  %-24s %8d %9d %8d %,20.2f %,16.2f%n",
                policy, tally.granted(), tally.adjusted(), tally.revoked(), tally.standing(), tally.recovered())));
        text.append("Notices delivered by channel: ")
                .append(
                        notices.isEmpty()
                                ? "none"
                                : notices.entrySet().stream()
                                        .map(e -> e.getKey() + " " + e.getValue())
                                        .collect(Collectors.joining(", ")))
                .append('\n');
        text.append(String.format(
                "Publicity (公示): %d grants published, %d objections; rulings: %d upheld, %d rejected; %d final%n",
                publicity.getOrDefault("gov.publicity.opened.v1", 0),
                publicity.getOrDefault("gov.publicity.objection-received.v1", 0),
                publicity.getOrDefault("ruled UPHELD", 0),
                publicity.getOrDefault("ruled REJECTED", 0),
                publicity.getOrDefault("gov.publicity.final.v1", 0)));
        int events = deadLetters.values().stream().mapToInt(DeadLetters::events).sum();
        int records =
                deadLetters.values().stream().mapToInt(DeadLetters::records).sum();
        text.append("Dead letters: ")
                .append(events)
                .append(" invalid events (")
                .append(records)
                .append(" records: ")
                .append(deadLetters.entrySet().stream()
                        .filter(e -> e.getValue().records() > 0)
                        .map(e -> e.getKey() + " " + e.getValue().records())
                        .collect(Collectors.joining(", ")))
                .append("; a topic read by two services dead-letters a bad event once for each)\n");
        return text.toString();
    }

    /** Every record of {@code topic} from the beginning to its end as it is now. */
    public static List<ConsumerRecord<String, byte[]>> records(KafkaAccess observer, String topic) {
        Map<String, Object> settings = observer.clientSettings();
        settings.putAll(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                2000));
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    private static List<JsonNode> events(KafkaAccess observer, String topic) {
        return records(observer, topic).stream()
                .map(record -> JSON.readTree(record.value()))
                .toList();
    }

    private static long lag(Admin admin, Map<TopicPartition, Long> ends)
            throws ExecutionException, InterruptedException {
        long lag = 0;
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : committed.entrySet()) {
                if (offset.getValue() != null && ends.containsKey(offset.getKey())) {
                    lag += Math.max(
                            0, ends.get(offset.getKey()) - offset.getValue().offset());
                }
            }
        }
        return lag;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach((topic, description) -> description
                        .partitions()
                        .forEach(partition ->
                                request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry :
                admin.listOffsets(request).all().get().entrySet()) {
            ends.put(entry.getKey(), entry.getValue().offset());
        }
        return ends;
    }
}
