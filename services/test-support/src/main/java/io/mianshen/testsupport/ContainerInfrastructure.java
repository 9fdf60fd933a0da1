package io.mianshen.testsupport;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Kafka (apache/kafka-native, KRaft) and PostgreSQL 17 in Docker through Testcontainers. */
final class ContainerInfrastructure implements Infrastructure {

    static final String KAFKA_IMAGE = "apache/kafka-native:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
    private final PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);

    ContainerInfrastructure() {
        kafka.start();
        postgres.start();
    }

    @Override
    public InfrastructureMode mode() {
        return InfrastructureMode.CONTAINERS;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public DatabaseAddress adminDatabase() {
        return new DatabaseAddress(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
