package io.mianshen.eligibility.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.eligibility.OtherInstance;
import io.mianshen.policy.PolicyPack;
import io.mianshen.testsupport.RealInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The innovation-voucher budget is never overspent, also with two instances of the service deciding at
 * once in one consumer group; vouchers beyond it wait in order and are granted when budget frees up.
 * The pack here is the bundled voucher policy with its budget cut to two vouchers and, since this
 * test's consumer group reads every enterprise ever published to the shared topics, narrowed to one
 * district (370199) that only this test's enterprises are in.
 */
@SpringBootTest(properties = {"spring.kafka.consumer.group-id=eligibility-budget-it"})
@RealInfrastructure(database = "eligibility_budget")
class BudgetIT {

    private static final Path PACK = smallBudgetPack();
    private static ConfigurableApplicationContext secondInstance;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DecisionQueries queries;

    @DynamicPropertySource
    static void pack(DynamicPropertyRegistry registry) {
        registry.add("mianshen.policies.directory", PACK::toString);
    }

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    @Test
    void grantsWithinTheBudgetQueuesTheRestAndGrantsFromTheQueueWhenBudgetFreesUp() {
        startSecondInstance();
        List<String> enterprises = new ArrayList<>();
        try (Feeds feeds = new Feeds()) {
            for (int i = 0; i < 6; i++) {
                String uscc = Feeds.newUscc();
                enterprises.add(uscc);
                feeds.registered(uscc, "370199", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
                feeds.certificate(uscc, "TECH_SME", "TS23-" + uscc, "2023-04-01", "2023-12-31");
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(liveVouchers(enterprises)).as(standings(enterprises)).hasSize(2);
                assertThat(queued(enterprises)).as(standings(enterprises)).hasSize(4);
            });
            assertThat(jdbc.sql(
                                    "SELECT granted FROM budget WHERE policy_id = 'innovation-voucher' AND period = 'Y2023'")
                            .query(BigDecimal.class)
                            .single())
                    .isEqualByComparingTo("100000.00");

            String granted = liveVouchers(enterprises).get(0);
            List<String> waiting = queued(enterprises);
            feeds.publish(
                    "gov.enterprise.deregistered.v1",
                    granted,
                    "2024-03-01T09:00:00+08:00",
                    Map.of("deregisteredOn", "2024-03-01"));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(liveVouchers(enterprises))
                        .hasSize(2)
                        .doesNotContain(granted)
                        .contains(waiting.get(0));
                assertThat(queued(enterprises)).containsExactlyElementsOf(waiting.subList(1, waiting.size()));
            });
            assertThat(jdbc.sql(
                                    "SELECT granted FROM budget WHERE policy_id = 'innovation-voucher' AND period = 'Y2023'")
                            .query(BigDecimal.class)
                            .single())
                    .isEqualByComparingTo("100000.00");
        }
    }

    @Test
    void anIncreaseWaitsForItsDifferenceBehindEarlierQueuedGrantsAndARevocationGrantsTheQueueInOrderOnBothInstances() {
        startSecondInstance();
        String medium = Feeds.newUscc();
        String small = Feeds.newUscc();
        String waiting = Feeds.newUscc();
        try (Feeds feeds = new Feeds()) {
            // 2024 has a budget of its own (100,000.00): 30,000.00 and 50,000.00 granted, in the order decided
            for (String[] enterprise : new String[][] {{medium, "MEDIUM"}, {small, "SMALL"}}) {
                feeds.registered(enterprise[0], "370199", "I6510", enterprise[1], "2016-05-12T09:00:00+08:00");
                feeds.certificate(enterprise[0], "TECH_SME", "TS24-" + enterprise[0], "2024-04-01", "2024-12-31");
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(feeds.liveOf(enterprise[0])).containsKey("innovation-voucher Y2024"));
            }
            feeds.registered(waiting, "370199", "I6510", "SMALL", "2016-05-12T09:00:00+08:00");
            feeds.certificate(waiting, "TECH_SME", "TS24-" + waiting, "2024-04-01", "2024-12-31");
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(queued2024()).containsExactly(waiting));

            // the MEDIUM enterprise becomes SMALL: its 20,000.00 would fit, but the grant queued before it goes first
            feeds.publish(
                    "gov.enterprise.changed.v1",
                    medium,
                    "2024-06-01T09:00:00+08:00",
                    Map.of(
                            "name",
                            "测试企业",
                            "region",
                            "370199",
                            "industry",
                            "I6510",
                            "sizeClass",
                            "SMALL",
                            "establishedOn",
                            "2016-05-12"));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(queued2024()).containsExactly(waiting, medium));
            assertThat(feeds.liveOf(medium)).containsEntry("innovation-voucher Y2024", "30000.00");
            assertThat(queuePosition(medium)).isEqualTo(2);
            assertThat(queuePosition(waiting)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(feeds.decisionsOf(medium))
                            .filteredOn(e -> e.get("type").asString().equals("gov.benefit.queued.v1"))
                            .singleElement()
                            .satisfies(queued -> {
                                assertThat(queued.get("data").get("waitingFor").asString())
                                        .isEqualTo("20000.00");
                                assertThat(queued.get("data").get("amount").asString())
                                        .isEqualTo("50000.00");
                                assertThat(queued.get("data").get("position").asInt())
                                        .isEqualTo(2);
                            }));

            // the SMALL enterprise is deregistered: its 50,000.00 come back, the queue is granted in order
            feeds.publish(
                    "gov.enterprise.deregistered.v1",
                    small,
                    "2024-09-01T09:00:00+08:00",
                    Map.of("deregisteredOn", "2024-09-01"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(feeds.liveOf(small)).doesNotContainKey("innovation-voucher Y2024");
                assertThat(feeds.liveOf(waiting)).containsEntry("innovation-voucher Y2024", "50000.00");
                assertThat(feeds.liveOf(medium)).containsEntry("innovation-voucher Y2024", "50000.00");
            });
            assertThat(queued2024()).isEmpty();
            assertThat(jdbc.sql(
                                    "SELECT granted FROM budget WHERE policy_id = 'innovation-voucher' AND period = 'Y2024'")
                            .query(BigDecimal.class)
                            .single())
                    .isEqualByComparingTo("100000.00");
            for (String uscc : List.of(waiting, medium)) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(feeds.decisionsOf(uscc))
                                .filteredOn(e -> e.get("type").asString().equals("gov.benefit.queue-left.v1"))
                                .singleElement()
                                .satisfies(left -> assertThat(
                                                left.get("data").get("granted").asBoolean())
                                        .isTrue()));
            }
        }
    }

    /** A second instance in the same consumer group and database, deciding at the same time (one for the class). */
    private static void startSecondInstance() {
        if (secondInstance == null) {
            secondInstance = OtherInstance.start(
                    "eligibility_budget",
                    Map.of(
                            "spring.kafka.consumer.group-id",
                            "eligibility-budget-it",
                            "mianshen.policies.directory",
                            PACK.toString()));
        }
    }

    private List<String> queued2024() {
        return jdbc.sql(
                        "SELECT uscc FROM budget_queue WHERE policy_id = 'innovation-voucher' AND period = 'Y2024' ORDER BY position")
                .query(String.class)
                .list();
    }

    private Integer queuePosition(String uscc) {
        return queries.standings(uscc, "innovation-voucher", "Y2024").get(0).queuePosition();
    }

    private List<String> liveVouchers(List<String> enterprises) {
        return jdbc.sql(
                        "SELECT uscc FROM decision WHERE live AND policy_id = 'innovation-voucher' AND uscc IN (:ids) ORDER BY decided_at")
                .param("ids", enterprises)
                .query(String.class)
                .list();
    }

    private String standings(List<String> enterprises) {
        return jdbc.sql(
                                "SELECT uscc || ' ' || period || ' ' || outcome || ' ' || standing FROM evaluation WHERE uscc IN (:ids)")
                        .param("ids", enterprises)
                        .query(String.class)
                        .list()
                + " budget "
                + jdbc.sql("SELECT policy_id || ' ' || period || ' ' || granted || '/' || total FROM budget")
                        .query(String.class)
                        .list()
                + " decisions "
                + jdbc.sql("SELECT uscc || ' ' || kind || ' ' || live FROM decision")
                        .query(String.class)
                        .list();
    }

    private List<String> queued(List<String> enterprises) {
        return jdbc.sql(
                        "SELECT uscc FROM budget_queue WHERE policy_id = 'innovation-voucher' AND uscc IN (:ids) ORDER BY position")
                .param("ids", enterprises)
                .query(String.class)
                .list();
    }

    /** The bundled voucher policy with a budget of two vouchers, in a pack of its own. */
    private static Path smallBudgetPack() {
        try {
            Path directory = Files.createTempDirectory("small-budget-pack");
            String voucher = new String(
                    PolicyPack.class
                            .getClassLoader()
                            .getResourceAsStream("policies/innovation-voucher.v1.yaml")
                            .readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            String narrowed = voucher.replace("perPeriod: \"20000000.00\"", "perPeriod: \"100000.00\"")
                    .replace("region: \"370102\"", "region: \"370199\"")
                    .replace(
                            "  - id: not-large\n",
                            "  - id: test-district\n    when: enterprise.region == \"370199\"\n"
                                    + "    reason: {zh: 测试辖区, en: the test district}\n  - id: not-large\n");
            Files.writeString(directory.resolve("innovation-voucher.v1.yaml"), narrowed);
            Files.writeString(directory.resolve("index.txt"), "innovation-voucher.v1.yaml\n");
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
