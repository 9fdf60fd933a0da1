package io.mianshen.eligibility.intake.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.contracts.EventContract;
import io.mianshen.eligibility.facts.FactTopics;
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
 * Fuzzes the fact listener through the real broker and database: mutants of every fact example (values at and
 * beyond their limits, odd times, control characters, missing, extra and mistyped fields, broken bytes), each
 * followed by a good fact on the same partition. Every one ends stored or dead-lettered with its reason, as the
 * contract says, and no partition is left retrying.
 */
@SpringBootTest(
        properties = {"spring.kafka.consumer.group-id=eligibility-fuzz-it", "mianshen.kafka.first-retry-interval=100ms"
        })
@RealInfrastructure(database = "eligibility_fuzz")
class FactFuzzIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> FACT_TYPES = FactTopics.ALL.stream()
            .flatMap(topic -> EventContract.load().topic(topic).orElseThrow().types().stream())
            .toList();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry metrics;

    @Test
    void everyMutantEndsStoredOrDeadLetteredAndTheGoodFactAfterItIsStored() {
        try (ConsumerFuzz fuzz = new ConsumerFuzz("eligibility-fuzz-it")) {
            fuzz.publishMutantsAndCheck(FACT_TYPES, Duration.ofMinutes(3), published -> {
                JsonNode event = JSON.readTree(published.mutant().value());
                return jdbc.sql("SELECT count(*) FROM fact_event WHERE event_source = ? AND event_id = ?")
                                .param(event.get("source").asString())
                                .param(event.get("id").asString())
                                .query(Long.class)
                                .single()
                        == 1;
            });
        }
        assertThat(metrics.find("mianshen.listener.retrying")
                        .tag("group", "eligibility-fuzz-it")
                        .gauges())
                .as("no partition left retrying")
                .allSatisfy(gauge -> assertThat(gauge.value()).isZero());
    }
}
