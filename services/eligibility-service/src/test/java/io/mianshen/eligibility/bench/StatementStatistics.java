package io.mianshen.eligibility.bench;

import io.mianshen.testsupport.DatabaseAddress;
import io.mianshen.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL spent on each statement of the service during the measured run, from
 * {@code pg_stat_statements}: on with {@code -Dmianshen.postgres.statement-statistics=true} (the embedded
 * PostgreSQL then loads the extension), silent otherwise. Execution times include waiting for locks and for
 * a core, so they rank statements rather than add up to the server's CPU time.
 */
final class StatementStatistics {

    private static final int SHOWN = 20;

    /** The database counted, or {@code null} when statistics are off. */
    private final DatabaseAddress database;

    private StatementStatistics(DatabaseAddress database) {
        this.database = database;
    }

    /** Starts counting afresh on {@code database} if statistics are on. */
    static StatementStatistics of(DatabaseAddress database) throws SQLException {
        if (!Boolean.getBoolean(TestInfrastructure.STATEMENT_STATISTICS)) {
            return new StatementStatistics(null);
        }
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("SELECT pg_stat_statements_reset()");
        }
        return new StatementStatistics(database);
    }

    /** Prints the statements that took longest since {@link #of}, with their calls and rows. */
    void print() throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                     SELECT calls, rows, round(total_exec_time) AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
                     FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                     ORDER BY total_exec_time DESC LIMIT\s""" + SHOWN)) {
            System.out.printf("%nstatements (calls, rows, execution time):%n");
            while (rows.next()) {
                System.out.printf(
                        "%8d %9d %7d ms  %s%n",
                        rows.getLong("calls"), rows.getLong("rows"), rows.getLong("ms"), rows.getString("query"));
            }
        }
    }

    private static Connection connect(DatabaseAddress database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
