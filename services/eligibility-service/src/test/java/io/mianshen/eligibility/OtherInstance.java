package io.mianshen.eligibility;

import io.mianshen.testsupport.DatabaseAddress;
import io.mianshen.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.LinkedHashMap;
import java.util.Map;


/** Starts another instance of the service in this JVM, on the shared Kafka and a given database. */
public final class OtherInstance {

    private OtherInstance() {
    }

    /** A running instance; close it to stop it. */
    public static ConfigurableApplicationContext start(String database, Map<String, Object> properties) {
        DatabaseAddress address = TestInfrastructure.database(database);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", 0);
        all.put("spring.kafka.bootstrap-servers", TestInfrastructure.get().kafkaBootstrapServers());
        all.put("spring.datasource.url", address.jdbcUrl());
        all.put("spring.datasource.username", address.username());
        all.put("spring.datasource.password", address.password());
        all.putAll(properties);
        // command-line arguments, so that they win over application.yml as the test's own properties do
        String[] arguments = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(EligibilityServiceApplication.class).run(arguments);
    }
}
