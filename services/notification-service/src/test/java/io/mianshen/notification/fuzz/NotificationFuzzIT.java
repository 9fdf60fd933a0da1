package io.mianshen.notification.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.fuzz.ConsumerFuzz;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes both listeners of the notification service through the real broker and database: mutants of the
 * decision and registry examples, each followed by a good record on the same partition. Every one ends processed
 * (a decision recorded, a profile's contact kept) or dead-lettered with its reason, as the contract says, and no
 * partition is left retrying.
 */
@SpringBootTest(
        properties = {
            "spring.kafka.consumer.group-id=notification-fuzz-it",
            "mianshen.kafka.first-retry-interval=100ms",
            "mianshen.notices.delivery-interval=1h"
        })
@RealInfrastructure(database = "notification_fuzz")
class NotificationFuzzIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The types the service reads. */
    private static final List<String> TYPES = List.of(
            "gov.benefit.granted.v1",
            "gov.benefit.adjusted.v1",
            "gov.benefit.revoked.v1",
            "gov.enterprise.registered.v1",
            "gov.enterprise.changed.v1",
            "gov.enterprise.deregistered.v1");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry metrics;

    @Test
    void everyMutantEndsProcessedOrDeadLetteredAndTheGoodRecordAfterItIsProcessed() {
        try (ConsumerFuzz fuzz = new ConsumerFuzz("notification-fuzz-it")) {
            fuzz.publishMutantsAndCheck(TYPES, Duration.ofMinutes(3), published -> {
                JsonNode event = JSON.readTree(published.mutant().value());
                String type = event.get("type").asString();
                if (type.startsWith("gov.benefit.")) {
                    return jdbc.sql("SELECT count(*) FROM processed_event WHERE event_source = ? AND event_id = ?")
                                    .param(event.get("source").asString())
                                    .param(event.get("id").asString())
                                    .query(Long.class)
                                    .single()
                            == 1;
                }
                if (type.equals("gov.enterprise.registered.v1") || type.equals("gov.enterprise.changed.v1")) {
                    return jdbc.sql("SELECT count(*) FROM contact WHERE uscc = ?")
                                    .param(event.get("subject").asString())
                                    .query(Long.class)
                                    .single()
                            == 1;
                }
                return true;
            });
        }
        assertThat(metrics.find("mianshen.listener.retrying")
                        .tag("group", "notification-fuzz-it")
                        .gauges())
                .as("no partition left retrying")
                .allSatisfy(gauge -> assertThat(gauge.value()).isZero());
    }
}
