package io.mianshen.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/**
 * What every service with a database must show once booted on real infrastructure: actuator health
 * UP, and its own database (the one its {@link RealInfrastructure} names) migrated by Flyway with the
 * service's first table in place. A service's {@code ServiceHealthIT} extends this with
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and {@code @RealInfrastructure(database = ...)}.
 */
public abstract class ServiceHealthChecks {

    private final String firstTable;

    @LocalServerPort
    private int port;

    @Autowired
    private DataSource dataSource;

    /** @param firstTable a table the service's first migration creates */
    protected ServiceHealthChecks(String firstTable) {
        this.firstTable = firstTable;
    }

    @Test
    void reportsUpOnTheActuatorHealthEndpoint() {
        String health = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .body(String.class);
        assertThat(health).contains("\"status\":\"UP\"");
    }

    @Test
    void migratesItsOwnDatabaseWithFlyway() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            String database = getClass().getAnnotation(RealInfrastructure.class).database();
            assertThat(single(statement, "SELECT current_database()")).isEqualTo(database);
            assertThat(single(statement, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                    .isNotEqualTo("0");
            assertThat(single(statement, "SELECT to_regclass('" + firstTable + "') IS NOT NULL"))
                    .isEqualTo("t");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as(sql).isTrue();
            return result.getString(1);
        }
    }
}
