package io.mianshen.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a service in this JVM, on the shared Kafka broker and a database of its own, for tests and harnesses. */
public final class ServiceInstance {

    private ServiceInstance() {}

    /** A running instance of {@code application} on {@code database}; close it to stop it. */
    public static ConfigurableApplicationContext start(
            Class<?> application, String database, Map<String, Object> properties) {
        DatabaseAddress address = TestInfrastructure.database(database);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", 0);
        all.put("spring.kafka.bootstrap-servers", TestInfrastructure.get().kafkaBootstrapServers());
        all.put("spring.datasource.url", address.jdbcUrl());
        all.put("spring.datasource.username", address.username());
        all.put("spring.datasource.password", address.password());
        // an instance still running when the test JVM exits is closed in its shutdown hook: never cut that short
        all.put(TestInfrastructure.SHUTDOWN_LIMIT, "0s");
        all.putAll(TestIdentityProvider.get().properties());
        all.putAll(properties);
        // command-line arguments, so that they win over application.yml as a test's own properties do
        String[] arguments = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(application).run(arguments);
    }
}
