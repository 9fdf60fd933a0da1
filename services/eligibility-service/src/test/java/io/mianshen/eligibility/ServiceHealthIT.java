package io.mianshen.eligibility;

import io.mianshen.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(database = "eligibility")
class ServiceHealthIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void reportsUpOnTheActuatorHealthEndpoint() {
        String health = RestClient.create("http://localhost:" + port).get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"status\":\"UP\"");
    }

    @Test
    void migratesItsOwnDatabaseWithFlyway() {
        assertThat(jdbc.sql("SELECT current_database()").query(String.class).single()).isEqualTo("eligibility");
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT to_regclass('fact_event') IS NOT NULL").query(Boolean.class).single()).isTrue();
    }
}
