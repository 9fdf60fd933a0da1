package io.mianshen.eligibility.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.eligibility.Feeds;
import io.mianshen.eligibility.OtherInstance;
import io.mianshen.testsupport.RealInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two instances in one consumer group decide as one does, and an instance stopped mid-stream (its
 * records redelivered to the others) and another started make no decision twice: every decision row
 * has one event, and every event is on the topic once.
 */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=eligibility-multi-it")
@RealInfrastructure(database = "eligibility_multi")
class MultiInstanceIT {

    private static final Map<String, Object> SAME_GROUP =
            Map.of("spring.kafka.consumer.group-id", "eligibility-multi-it");

    @Autowired
    JdbcClient jdbc;

    @Test
    void twoInstancesAndARestartMidStreamDecideAsOneWithoutDuplicates() {
        List<String> enterprises = new ArrayList<>();
        List<List<BiConsumer<Feeds, String>>> histories = new ArrayList<>();
        for (long seed = 10; seed < 14; seed++) {
            enterprises.add(Feeds.newUscc());
            List<BiConsumer<Feeds, String>> shuffled = new ArrayList<>(OrderIndependenceIT.FACTS);
            Collections.shuffle(shuffled, new Random(seed));
            histories.add(shuffled);
        }
        try (Feeds feeds = new Feeds()) {
            ConfigurableApplicationContext second = OtherInstance.start("eligibility_multi", SAME_GROUP);
            int half = OrderIndependenceIT.FACTS.size() / 2;
            for (int i = 0; i < enterprises.size(); i++) {
                for (BiConsumer<Feeds, String> fact : histories.get(i).subList(0, half)) {
                    fact.accept(feeds, enterprises.get(i));
                }
            }
            second.close();
            try (ConfigurableApplicationContext third = OtherInstance.start("eligibility_multi", SAME_GROUP)) {
                for (int i = 0; i < enterprises.size(); i++) {
                    for (BiConsumer<Feeds, String> fact :
                            histories.get(i).subList(half, histories.get(i).size())) {
                        fact.accept(feeds, enterprises.get(i));
                    }
                }
                for (String uscc : enterprises) {
                    await().atMost(Duration.ofSeconds(90))
                            .untilAsserted(() -> assertThat(live(uscc)).isEqualTo(OrderIndependenceIT.EXPECTED));
                }
                await().atMost(Duration.ofSeconds(45))
                        .untilAsserted(() -> assertThat(jdbc.sql(
                                                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND record_key IN (:ids)")
                                        .param("ids", enterprises)
                                        .query(Integer.class)
                                        .single())
                                .isZero());
            }
            for (String uscc : enterprises) {
                List<String> decided = jdbc.sql("SELECT decision_id::text FROM decision WHERE uscc = ?")
                        .param(uscc)
                        .query(String.class)
                        .list();
                assertThat(jdbc.sql(
                                        "SELECT count(*) FROM outbox WHERE record_key = ? AND topic = 'benefit.decisions.v1'")
                                .param(uscc)
                                .query(Integer.class)
                                .single())
                        .isEqualTo(decided.size());
                await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                    Map<String, Integer> onTopic = new HashMap<>();
                    for (JsonNode event : feeds.decisionsOf(uscc)) {
                        if (decided.contains(event.get("id").asString())) {
                            onTopic.merge(event.get("id").asString(), 1, Integer::sum);
                        }
                    }
                    assertThat(onTopic)
                            .hasSize(decided.size())
                            .allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
                });
            }
        }
    }

    private Map<String, String> live(String uscc) {
        Map<String, String> live = new TreeMap<>();
        jdbc.sql(
                        "SELECT policy_id || ' ' || period AS key, amount::text AS amount FROM decision WHERE uscc = ? AND live")
                .param(uscc)
                .query((rs, n) -> live.put(rs.getString("key"), rs.getString("amount")))
                .list();
        return live;
    }
}
