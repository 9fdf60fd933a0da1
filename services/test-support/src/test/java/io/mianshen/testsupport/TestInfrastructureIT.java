package io.mianshen.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestInfrastructureIT {

    @Test
    void kafkaCarriesARecordFromProducerToConsumer() throws Exception {
        String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("test-support.ping", 1, (short) 1)))
                    .all()
                    .get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("test-support.ping", "91370100MA3C0QXJ4F", "hello"))
                    .get();
        }
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-support",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("test-support.ping"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("91370100MA3C0QXJ4F");
            assertThat(r.value()).isEqualTo("hello");
        });
    }

    @Test
    void eachServiceGetsItsOwnRealPostgresDatabase() throws Exception {
        DatabaseAddress first = TestInfrastructure.database("support_first");
        DatabaseAddress again = TestInfrastructure.database("support_first");
        DatabaseAddress other = TestInfrastructure.database("support_other");

        assertThat(again).isEqualTo(first);
        try (Connection connection = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
                ResultSet result = connection
                        .createStatement()
                        .executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo("support_first");
            assertThat(result.getInt(2)).isGreaterThanOrEqualTo(170000);
        }
        assertThat(other.jdbcUrl()).contains("/support_other");
    }
}
