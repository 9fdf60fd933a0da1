package io.mianshen.testsupport;

import java.util.Map;

/**
 * Servers that already run (a docker-compose stack, a cluster), named by environment variables:
 * {@value #KAFKA}, {@value #POSTGRES_URL} (a JDBC URL of a database the user may create databases
 * from), {@value #POSTGRES_USER} and {@value #POSTGRES_PASSWORD}.
 */
final class ExternalInfrastructure implements Infrastructure {

    static final String KAFKA = "MIANSHEN_KAFKA_BOOTSTRAP_SERVERS";
    static final String POSTGRES_URL = "MIANSHEN_POSTGRES_URL";
    static final String POSTGRES_USER = "MIANSHEN_POSTGRES_USER";
    static final String POSTGRES_PASSWORD = "MIANSHEN_POSTGRES_PASSWORD";

    private final String kafka;
    private final DatabaseAddress admin;

    ExternalInfrastructure(Map<String, String> environment) {
        kafka = require(environment, KAFKA);
        admin = new DatabaseAddress(
                require(environment, POSTGRES_URL),
                environment.getOrDefault(POSTGRES_USER, "postgres"),
                environment.getOrDefault(POSTGRES_PASSWORD, "postgres"));
    }

    private static String require(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    InfrastructureMode.PROPERTY + "=external needs the environment variable " + name);
        }
        return value;
    }

    @Override
    public InfrastructureMode mode() {
        return InfrastructureMode.EXTERNAL;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka;
    }

    @Override
    public DatabaseAddress adminDatabase() {
        return admin;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
