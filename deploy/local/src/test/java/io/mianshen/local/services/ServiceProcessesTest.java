package io.mianshen.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local stack's services listen where PostgreSQL and Kafka do: on the loopback address, unless asked otherwise. */
class ServiceProcessesTest {

    @Test
    void servicesListenOnTheLoopbackAddressUnlessAskedForAnother() {
        assertThat(ServiceProcesses.bindAddress(Map.of())).isEqualTo("127.0.0.1");
        assertThat(ServiceProcesses.bindAddress(Map.of("MIANSHEN_LOCAL_BIND_ADDRESS", " 0.0.0.0 ")))
                .isEqualTo("0.0.0.0");
        assertThat(ServiceProcesses.environment(ServiceDefinition.IDENTITY_PROVIDER, null, null, Path.of("data")))
                .containsKey("SERVER_ADDRESS")
                .containsEntry("PORT", Integer.toString(ServiceDefinition.IDENTITY_PROVIDER.port()));
    }
}
