package io.mianshen.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** An in-JVM Apache Kafka KRaft broker and a real PostgreSQL 17 process from zonky's binaries. */
final class EmbeddedInfrastructure implements Infrastructure {

    private final EmbeddedKafkaKraftBroker kafka;
    private final EmbeddedPostgres postgres;

    EmbeddedInfrastructure() {
        kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        kafka.afterPropertiesSet();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (Boolean.getBoolean(TestInfrastructure.STATEMENT_STATISTICS)) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            postgres = builder.start();
        } catch (IOException e) {
            kafka.destroy();
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    @Override
    public InfrastructureMode mode() {
        return InfrastructureMode.EMBEDDED;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public DatabaseAddress adminDatabase() {
        return new DatabaseAddress(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    @Override
    public void close() {
        kafka.destroy();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
