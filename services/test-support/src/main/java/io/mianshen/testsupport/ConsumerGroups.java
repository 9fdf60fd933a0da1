package io.mianshen.testsupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

/** What a test needs to know about a consumer group on the shared broker. */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    /**
     * Waits until {@code group} has committed up to the end of every partition of {@code topics}: a test that reads
     * the shared topics from their beginning knows then that no earlier test's record is still on its way.
     */
    public static void awaitCaughtUp(String group, Duration patience, String... topics) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers()))) {
            Awaitility.await()
                    .atMost(patience)
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> Assertions.assertThat(behind(admin, group, List.of(topics)))
                            .as("partitions of group %s behind", group)
                            .isEmpty());
        }
    }

    /** The partitions where {@code group} has not committed up to the end, with both offsets; empty when none. */
    private static String behind(Admin admin, String group, List<String> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .values()
                .forEach(topic -> topic.partitions()
                        .forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        StringBuilder behind = new StringBuilder();
        admin.listOffsets(ends).all().get().forEach((partition, end) -> {
            long at = committed.get(partition) == null
                    ? 0L
                    : committed.get(partition).offset();
            if (at != end.offset()) {
                behind.append(partition)
                        .append(" at ")
                        .append(at)
                        .append(" of ")
                        .append(end.offset())
                        .append("; ");
            }
        });
        return behind.toString();
    }
}
