package io.mianshen.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Applies {@link RealInfrastructure}; registered in {@code META-INF/spring.factories}. */
public class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .get(RealInfrastructure.class)
                .synthesize(a -> a.isPresent())
                .map(annotation -> (ContextCustomizer) new Customizer(annotation.database(), annotation.appRole()))
                .orElse(null);
    }

    private record Customizer(String database, String appRole) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(
                    "spring.kafka.bootstrap-servers", TestInfrastructure.get().kafkaBootstrapServers());
            // a context still open when the test JVM exits is closed in its shutdown hook: never cut that short
            properties.put(TestInfrastructure.SHUTDOWN_LIMIT, "0s");
            if (!database.isEmpty()) {
                DatabaseAddress address = TestInfrastructure.database(database);
                properties.put("spring.datasource.url", address.jdbcUrl());
                properties.put("spring.datasource.username", address.username());
                properties.put("spring.datasource.password", address.password());
                if (!appRole.isEmpty()) {
                    properties.putAll(TestInfrastructure.appRoleProperties(address, appRole));
                }
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("mianshenTestInfrastructure", properties));
        }
    }
}
