package io.mianshen.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mianshen.contracts.InvalidEventException;
import io.mianshen.contracts.Violation;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class ListenerFailuresTest {

    @Test
    void aDatabaseThatCannotBeReachedIsTheInfrastructure() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        SQLException refused = catchThrowableOfType(
                SQLException.class,
                () -> DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/eligibility?connectTimeout=2", "x", "y"));

        assertThat(refused.getSQLState()).startsWith("08");
        assertThat(ListenerFailures.isInfrastructure(refused)).isTrue();
        assertThat(ListenerFailures.isInfrastructure(new CannotCreateTransactionException("no connection", refused)))
                .isTrue();
        assertThat(ListenerFailures.isInfrastructure(new CannotGetJdbcConnectionException("pool timed out")))
                .isTrue();
        assertThat(ListenerFailures.isInfrastructure(new org.apache.kafka.common.errors.TimeoutException("metadata")))
                .isTrue();
    }

    @Test
    void aLockTimeoutADeadlockOrAShutdownIsTheInfrastructure() {
        for (String state : List.of("55P03", "40P01", "57P01", "53300", "42501")) {
            assertThat(ListenerFailures.isInfrastructure(new RuntimeException(new SQLException("database", state))))
                    .as(state)
                    .isTrue();
        }
    }

    @Test
    void aValueTheDatabaseRefusesIsTheRecordsOwn() {
        SQLException overflow = new SQLException("numeric field overflow", "22003");
        assertThat(ListenerFailures.isInfrastructure(new DataIntegrityViolationException("insert", overflow)))
                .isFalse();
        assertThat(ListenerFailures.isInfrastructure(
                        new SQLException("invalid byte sequence for encoding UTF8: 0x00", "22021")))
                .isFalse();
        assertThat(ListenerFailures.isInfrastructure(new SQLException("check constraint", "23514")))
                .isFalse();
        assertThat(ListenerFailures.isInfrastructure(new DateTimeException("Invalid value for SecondOfMinute: 60")))
                .isFalse();
        assertThat(ListenerFailures.isInfrastructure(
                        new InvalidEventException(List.of(new Violation("/data/uscc", "uscc", "bad")))))
                .isFalse();
        assertThat(ListenerFailures.reason(new DataIntegrityViolationException("insert", overflow)))
                .isEqualTo("SQLException: numeric field overflow");
    }
}
