package io.mianshen.testsupport;

/** A running Kafka broker and PostgreSQL server for tests. */
public interface Infrastructure extends AutoCloseable {

    /** Which kind of infrastructure this is. */
    InfrastructureMode mode();

    /** Kafka bootstrap servers, {@code host:port[,host:port]}. */
    String kafkaBootstrapServers();

    /** The address of PostgreSQL's maintenance database, from which service databases are created. */
    DatabaseAddress adminDatabase();

    @Override
    void close();
}
