package io.mianshen.eligibility.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.eligibility.OtherInstance;
import io.mianshen.testsupport.RealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Enterprises wait in the queue of re-decisions, in the database, until a decider takes them: facts taken in
 * while no decider runs are kept and decided later, once for all of them; an enterprise that cannot be
 * decided waits with its error while the others are decided, and is decided once the fault is gone.
 * <p>
 * This instance consumes the fact topics but runs no decider; each test starts one beside it.
 */
@SpringBootTest(properties = {"spring.kafka.consumer.group-id=eligibility-deciders-it", "mianshen.decisions.threads=0"})
@RealInfrastructure(database = "eligibility_deciders")
class DecidersIT {

    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final Map<String, Object> WITH_DECIDERS =
            Map.of("spring.kafka.consumer.group-id", "eligibility-deciders-it");
    private static Feeds feeds;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry metrics;

    @BeforeAll
    static void connect() {
        feeds = new Feeds();
    }

    @AfterAll
    static void disconnect() {
        feeds.close();
    }

    @Test
    void factsTakenInWhileNoDeciderRunsAreDecidedLaterOnceForAllOfThem() {
        String uscc = Feeds.newUscc();
        feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
        feeds.filing(uscc, 2022, "T22-" + uscc, null, "2850000.00", "5100000.00");
        feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "6300000.00");
        feeds.filing(uscc, 2023, "T23A-" + uscc, "T23-" + uscc, "3850000.00", "6300000.00");

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(jdbc.sql("SELECT count(*) FROM fact_event WHERE uscc = ?")
                                .param(uscc)
                                .query(Integer.class)
                                .single())
                        .isEqualTo(4));
        assertThat(metrics.get("mianshen.decisions.pending").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM pending_decision WHERE uscc = ?")
                        .param(uscc)
                        .query(Integer.class)
                        .single())
                .isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM decision WHERE uscc = ?")
                        .param(uscc)
                        .query(Integer.class)
                        .single())
                .isZero();

        try (ConfigurableApplicationContext decider = OtherInstance.start("eligibility_deciders", WITH_DECIDERS)) {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(feeds.liveOf(uscc))
                            .containsEntry("rd-super-deduction FY2023", "3850000.00")
                            .containsEntry("city-rd-increment-reward FY2023", "50000.00"));
            // decided on all four facts at once: the amended amounts granted, nothing granted first and adjusted after
            List<String> types = feeds.decisionsOf(uscc).stream()
                    .map(e -> e.get("type").asString())
                    .distinct()
                    .toList();
            assertThat(types).containsExactly("gov.benefit.granted.v1");
            assertThat(jdbc.sql("SELECT count(*) FROM pending_decision WHERE uscc = ?")
                            .param(uscc)
                            .query(Integer.class)
                            .single())
                    .isZero();
        }
    }

    @Test
    void anEnterpriseThatCannotBeDecidedWaitsWithItsErrorWhileTheOthersAreDecided() {
        String faulty = Feeds.newUscc();
        String healthy = Feeds.newUscc();
        // a real fault in the real database: storing this enterprise's evaluations fails
        jdbc.sql("CREATE FUNCTION refuse_evaluation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "IF NEW.uscc = '" + faulty
                        + "' THEN RAISE EXCEPTION 'evaluation storage refused for this test'; END IF; "
                        + "RETURN NEW; END $$")
                .update();
        jdbc.sql(
                        "CREATE TRIGGER refuse_evaluation BEFORE INSERT ON evaluation FOR EACH ROW EXECUTE FUNCTION refuse_evaluation()")
                .update();
        try (ConfigurableApplicationContext decider = OtherInstance.start("eligibility_deciders", WITH_DECIDERS)) {
            for (String uscc : List.of(faulty, healthy)) {
                feeds.registered(uscc, "370102", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
                feeds.filing(uscc, 2022, "T22-" + uscc, null, "2850000.00", "5100000.00");
                feeds.filing(uscc, 2023, "T23-" + uscc, null, "4100000.00", "6300000.00");
            }

            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(feeds.liveOf(healthy))
                            .containsEntry("city-rd-increment-reward FY2023", "62500.00"));
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(jdbc.sql("SELECT max(attempts) FROM pending_decision WHERE uscc = ?")
                                .param(faulty)
                                .query(Integer.class)
                                .single())
                        .isPositive();
                assertThat(jdbc.sql("SELECT DISTINCT last_error FROM pending_decision WHERE uscc = ?")
                                .param(faulty)
                                .query(String.class)
                                .list())
                        .singleElement()
                        .asString()
                        .contains("evaluation storage refused for this test");
                assertThat(metrics.get("mianshen.decisions.failing").gauge().value())
                        .isEqualTo(1.0);
            });
            assertThat(feeds.liveOf(faulty)).isEmpty();

            jdbc.sql("DROP TRIGGER refuse_evaluation ON evaluation").update();

            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(feeds.liveOf(faulty))
                            .containsEntry("city-rd-increment-reward FY2023", "62500.00"));
            List<JsonNode> grants = feeds.decisionsOf(faulty).stream()
                    .filter(e -> e.get("data").get("policyId").asString().equals("city-rd-increment-reward"))
                    .toList();
            assertThat(grants).hasSize(1);
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(metrics.get("mianshen.decisions.failing")
                                    .gauge()
                                    .value())
                            .isZero());
        } finally {
            jdbc.sql("DROP TRIGGER IF EXISTS refuse_evaluation ON evaluation").update();
            jdbc.sql("DROP FUNCTION IF EXISTS refuse_evaluation()").update();
        }
    }
}
