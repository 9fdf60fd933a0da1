package io.mianshen.audit.fuzz;

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
 * Fuzzes the ledger's listener through the real broker and database: mutants of every decision and notice
 * example, each followed by a good event on the same partition. Every one ends in the ledger or dead-lettered with
 * its reason, as the contract says, and no partition is left retrying.
 */
@SpringBootTest(
        properties = {"spring.kafka.consumer.group-id=audit-fuzz-it", "mianshen.kafka.first-retry-interval=100ms"})
@RealInfrastructure(database = "audit_fuzz", appRole = "audit_app")
class LedgerFuzzIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The types the service reads. */
    private static final List<String> TYPES = List.of(
            "gov.benefit.granted.v1",
            "gov.benefit.adjusted.v1",
            "gov.benefit.revoked.v1",
            "gov.notice.delivered.v1",
            "gov.notice.failed.v1",
            "gov.notice.objection-raised.v1");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry metrics;

    @Test
    void everyMutantEndsInTheLedgerOrDeadLetteredAndTheGoodEventAfterItIsLedgered() {
        try (ConsumerFuzz fuzz = new ConsumerFuzz("audit-fuzz-it")) {
            fuzz.publishMutantsAndCheck(TYPES, Duration.ofMinutes(3), published -> {
                JsonNode event = JSON.readTree(published.mutant().value());
                return jdbc.sql("SELECT count(*) FROM ledger_entry WHERE event_source = ? AND event_id = ?")
                                .param(event.get("source").asString())
                                .param(event.get("id").asString())
                                .query(Long.class)
                                .single()
                        == 1;
            });
        }
        assertThat(metrics.find("mianshen.listener.retrying")
                        .tag("group", "audit-fuzz-it")
                        .gauges())
                .as("no partition left retrying")
                .allSatisfy(gauge -> assertThat(gauge.value()).isZero());
    }
}
