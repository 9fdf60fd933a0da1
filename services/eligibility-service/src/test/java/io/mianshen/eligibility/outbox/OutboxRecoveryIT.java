package io.mianshen.eligibility.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.eligibility.OtherInstance;
import io.mianshen.testsupport.RealInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A crash between the database commit and the publish: this instance decides with its relay stopped,
 * so the decisions are committed and their events wait in the outbox. An instance started afterwards
 * on the same database publishes each of them, once per decisionId.
 */
@SpringBootTest(
        properties = {"mianshen.outbox.relay-enabled=false", "spring.kafka.consumer.group-id=eligibility-outbox-it"})
@RealInfrastructure(database = "eligibility_outbox")
class OutboxRecoveryIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void publishesEveryCommittedDecisionOnceAfterARestart() {
        String uscc = Feeds.newUscc();
        try (Feeds feeds = new Feeds()) {
            feeds.registered(uscc, "370102", "C3511", "SMALL", "2016-05-12T09:00:00+08:00");
            feeds.filing(uscc, 2023, "T23-" + uscc, null, "1000000.00", "200000.00");
            feeds.certificate(uscc, "TECH_SME", "TS23-" + uscc, "2023-04-01", "2023-12-31");

            await().atMost(Duration.ofSeconds(45))
                    .untilAsserted(() -> assertThat(decisionIds(uscc)).hasSizeGreaterThanOrEqualTo(2));
            List<UUID> decided = decisionIds(uscc);
            assertThat(jdbc.sql(
                                    "SELECT count(*) FROM outbox WHERE record_key = ? AND topic = 'benefit.decisions.v1' AND published_at IS NULL")
                            .param(uscc)
                            .query(Integer.class)
                            .single())
                    .isEqualTo(decided.size());

            try (ConfigurableApplicationContext restarted = OtherInstance.start(
                    "eligibility_outbox",
                    Map.of(
                            "spring.kafka.listener.auto-startup",
                            "false",
                            "spring.kafka.consumer.group-id",
                            "eligibility-outbox-it"))) {
                await().atMost(Duration.ofSeconds(45))
                        .untilAsserted(() -> assertThat(idsOnTopic(feeds, uscc, decided))
                                .containsExactlyInAnyOrderElementsOf(
                                        decided.stream().map(UUID::toString).toList()));
                assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE record_key = ? AND published_at IS NULL")
                                .param(uscc)
                                .query(Integer.class)
                                .single())
                        .isZero();
            }
        }
    }

    private List<UUID> decisionIds(String uscc) {
        return jdbc.sql("SELECT decision_id FROM decision WHERE uscc = ?")
                .param(uscc)
                .query(UUID.class)
                .list();
    }

    /** The ids of this database's decisions seen on the topic, each as often as it was published. */
    private static List<String> idsOnTopic(Feeds feeds, String uscc, List<UUID> decided) {
        List<String> ours = decided.stream().map(UUID::toString).toList();
        return feeds.decisionsOf(uscc).stream()
                .map(JsonNode.class::cast)
                .map(e -> e.get("id").asString())
                .filter(ours::contains)
                .toList();
    }
}
