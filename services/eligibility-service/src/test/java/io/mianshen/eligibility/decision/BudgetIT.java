package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.Feeds;
import io.mianshen.eligibility.OtherInstance;
import io.mianshen.policy.PolicyPack;
import io.mianshen.testsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
        secondInstance = OtherInstance.start("eligibility_budget", Map.of("spring.kafka.consumer.group-id", "eligibility-budget-it",
                "mianshen.policies.directory", PACK.toString()));
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
            assertThat(jdbc.sql("SELECT granted FROM budget WHERE policy_id = 'innovation-voucher' AND period = 'Y2023'")
                    .query(BigDecimal.class).single()).isEqualByComparingTo("100000.00");

            String granted = liveVouchers(enterprises).get(0);
            List<String> waiting = queued(enterprises);
            feeds.publish("gov.enterprise.deregistered.v1", granted, "2024-03-01T09:00:00+08:00", Map.of("deregisteredOn", "2024-03-01"));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(liveVouchers(enterprises)).hasSize(2).doesNotContain(granted).contains(waiting.get(0));
                assertThat(queued(enterprises)).containsExactlyElementsOf(waiting.subList(1, waiting.size()));
            });
            assertThat(jdbc.sql("SELECT granted FROM budget WHERE policy_id = 'innovation-voucher' AND period = 'Y2023'")
                    .query(BigDecimal.class).single()).isEqualByComparingTo("100000.00");
        }
    }

    private List<String> liveVouchers(List<String> enterprises) {
        return jdbc.sql("SELECT uscc FROM decision WHERE live AND policy_id = 'innovation-voucher' AND uscc IN (:ids) ORDER BY decided_at")
                .param("ids", enterprises).query(String.class).list();
    }

    private String standings(List<String> enterprises) {
        return jdbc.sql("SELECT uscc || ' ' || period || ' ' || outcome || ' ' || standing FROM evaluation WHERE uscc IN (:ids)")
                .param("ids", enterprises).query(String.class).list() + " budget "
                + jdbc.sql("SELECT policy_id || ' ' || period || ' ' || granted || '/' || total FROM budget").query(String.class).list()
                + " decisions " + jdbc.sql("SELECT uscc || ' ' || kind || ' ' || live FROM decision").query(String.class).list();
    }

    private List<String> queued(List<String> enterprises) {
        return jdbc.sql("SELECT uscc FROM budget_queue WHERE policy_id = 'innovation-voucher' AND uscc IN (:ids) ORDER BY position")
                .param("ids", enterprises).query(String.class).list();
    }

    /** The bundled voucher policy with a budget of two vouchers, in a pack of its own. */
    private static Path smallBudgetPack() {
        try {
            Path directory = Files.createTempDirectory("small-budget-pack");
            String voucher = new String(PolicyPack.class.getClassLoader().getResourceAsStream("policies/innovation-voucher.v1.yaml")
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String narrowed = voucher.replace("perPeriod: \"20000000.00\"", "perPeriod: \"100000.00\"")
                    .replace("region: \"370102\"", "region: \"370199\"")
                    .replace("  - id: not-large\n", "  - id: test-district\n    when: enterprise.region == \"370199\"\n"
                            + "    reason: {zh: 测试辖区, en: the test district}\n  - id: not-large\n");
            Files.writeString(directory.resolve("innovation-voucher.v1.yaml"), narrowed);
            Files.writeString(directory.resolve("index.txt"), "innovation-voucher.v1.yaml\n");
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
