package io.mianshen.eligibility.intake.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.contracts.DeadLetterHeaders;
import io.mianshen.eligibility.Feeds;
import io.mianshen.eligibility.facts.FactTopics;
import io.mianshen.testsupport.ConsumerGroups;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * The two kinds of failure of a valid record, told apart: one the database refuses for the record's own value is
 * dead-lettered after its attempts with the reason, and the partition goes on; one of the database itself (here a
 * table held locked past the service's lock timeout) is retried until it succeeds, logged at WARN with topic,
 * partition and offset, counted in {@code mianshen_listener_retrying} and shown in readiness meanwhile.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.consumer.group-id=eligibility-failures-it",
            "mianshen.kafka.first-retry-interval=200ms",
            "mianshen.kafka.max-retry-interval=1s",
            "spring.datasource.hikari.connection-init-sql=SET plan_cache_mode = force_custom_plan; SET lock_timeout = '300ms'"
        })
@RealInfrastructure(database = "eligibility_failures")
@ExtendWith(OutputCaptureExtension.class)
class ListenerFailuresIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static Feeds feeds;
    private static KafkaConsumer<String, byte[]> deadLetterConsumer;
    private static final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    PlatformTransactionManager transactions;

    @LocalServerPort
    int port;

    @BeforeAll
    static void connect() {
        feeds = new Feeds();
        deadLetterConsumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.get().kafkaBootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "failures-it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                        "1000"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetterConsumer.subscribe(List.of(FactTopics.TAX + ".dlt"));
    }

    @AfterAll
    static void disconnect() {
        feeds.close();
        deadLetterConsumer.close();
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAfterItsAttemptsAndThePartitionGoesOn() {
        String uscc = Feeds.newUscc();
        String poison = "poison-" + UUID.randomUUID();
        // the database refuses this one record's value, as it would a number its column cannot hold
        jdbc.sql(
                        "ALTER TABLE fact_event ADD CONSTRAINT it_refuses_poison CHECK (event_id NOT LIKE 'poison-%') NOT VALID")
                .update();
        try {
            String before = feeds.rating(uscc, 2022, "A");
            feeds.publish(
                    "gov.tax.credit-rating.v1",
                    uscc,
                    "2024-04-15T09:00:00+08:00",
                    Map.of("year", 2023, "rating", "B"),
                    poison);
            String after = feeds.rating(uscc, 2024, "A");

            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(storedIds(uscc)).containsExactlyInAnyOrder(before, after));
            ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(poison);
            assertThat(header(deadLetter, DeadLetterHeaders.RULE)).isEqualTo("processing-failed");
            assertThat(header(deadLetter, DeadLetterHeaders.REASON)).contains("it_refuses_poison");
            assertThat(header(deadLetter, DeadLetterHeaders.CONSUMER)).contains("eligibility-failures-it");
            // the partition is cleared once the dead-letter send is acknowledged, just after the record is on the topic
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(retrying(FactTopics.TAX))
                            .as("no partition left retrying")
                            .allSatisfy(attempts -> assertThat(attempts).isZero()));
        } finally {
            jdbc.sql("ALTER TABLE fact_event DROP CONSTRAINT it_refuses_poison").update();
        }
    }

    @Test
    void aDatabaseFailureIsRetriedUntilItSucceedsAndShownInLogsMetricsAndReadiness(CapturedOutput output)
            throws Exception {
        // this test's group reads the shared topics from the start: until it has caught up, an earlier test's record
        // could be the one held up by the lock, on a consumer thread that also serves this test's partition
        awaitCaughtUp();
        String uscc = Feeds.newUscc();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> lock =
                CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    jdbc.sql("LOCK TABLE fact_event IN ACCESS EXCLUSIVE MODE").update();
                    locked.countDown();
                    try {
                        release.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        String id;
        try {
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            id = feeds.rating(uscc, 2023, "A");

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(retrying(FactTopics.TAX))
                        .anySatisfy(attempts -> assertThat(attempts).isGreaterThanOrEqualTo(2));
                String readiness = readiness();
                assertThat(readiness)
                        .contains(
                                "\"status\":\"DOWN\"",
                                "tax.filings.v1",
                                "infrastructure: retried until it succeeds",
                                "lock timeout");
                assertThat(output.getAll())
                        .containsPattern(
                                "WARN .*tax\\.filings\\.v1-\\d offset \\d+ \\(eligibility-failures-it\\): attempt \\d+ failed"
                                        + " on the infrastructure: .*lock.*; the partition waits and retries until it succeeds");
            });
        } finally {
            release.countDown();
            lock.get(30, TimeUnit.SECONDS);
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(storedIds(uscc)).containsExactly(id));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(retrying(FactTopics.TAX))
                    .allSatisfy(attempts -> assertThat(attempts).isZero());
            assertThat(readiness()).contains("\"status\":\"UP\"");
        });
        assertThat(deadLetters).noneMatch(r -> r.key().equals(uscc));
    }

    /** Waits until the group has committed up to the end of every partition of the fact topics. */
    private static void awaitCaughtUp() {
        ConsumerGroups.awaitCaughtUp(
                "eligibility-failures-it", PATIENCE, FactTopics.REGISTRY, FactTopics.TAX, FactTopics.SCIENCE);
    }

    private List<String> storedIds(String uscc) {
        return jdbc.sql("SELECT event_id FROM fact_event WHERE uscc = ?")
                .param(uscc)
                .query(String.class)
                .list();
    }

    private List<Double> retrying(String topic) {
        return metrics
                .find("mianshen.listener.retrying")
                .tag("group", "eligibility-failures-it")
                .tag("topic", topic)
                .gauges()
                .stream()
                .map(Gauge::value)
                .toList();
    }

    private String readiness() {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build()
                .get()
                .uri("/actuator/health/readiness")
                .retrieve()
                .body(String.class);
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String id) {
        return await().atMost(PATIENCE)
                .until(
                        () -> {
                            deadLetterConsumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
                            return deadLetters.stream()
                                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(id)
                                            && header(r, DeadLetterHeaders.CONSUMER)
                                                    .contains("eligibility-failures-it"))
                                    .findFirst()
                                    .orElse(null);
                        },
                        r -> r != null);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null
                ? ""
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
