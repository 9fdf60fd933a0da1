package io.mianshen.eligibility;

import io.mianshen.testsupport.ServiceInstance;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts another instance of the eligibility service in this JVM, on the shared Kafka and a given database. */
public final class OtherInstance {

    private OtherInstance() {}

    /** A running instance; close it to stop it. */
    public static ConfigurableApplicationContext start(String database, Map<String, Object> properties) {
        return ServiceInstance.start(EligibilityServiceApplication.class, database, properties);
    }
}
