package io.mianshen.local.infra;

import io.mianshen.local.StackFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL 17 server process from zonky's binaries, its data in a folder kept across restarts, with one
 * database per service owned by the role {@code mianshen} (password {@code mianshen}), as in production.
 */
public final class Postgres implements AutoCloseable {

    /** The login role the services use; it may create roles, as the audit service's migration does. */
    public static final String ROLE = "mianshen";

    public static final List<String> DATABASES = List.of("eligibility", "notification", "audit", "intake");

    private final EmbeddedPostgres server;
    private final int port;
    private final Path dataDirectory;

    private Postgres(EmbeddedPostgres server, int port, Path dataDirectory) {
        this.server = server;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /** Starts the server on {@code port} with its data in {@code dataDirectory} (created on first start), output to {@code log}. */
    public static Postgres start(Path dataDirectory, Path log, int port) {
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(log.getParent());
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // the stack stops PostgreSQL itself, after the services that use it
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setPort(port)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    // zonky turns these off for speed; with synchronous_commit off a killed server loses the last
                    // commits after the services have been told they were made (and have committed their Kafka
                    // offsets past them): measured, 120 of 900 facts lost when ShutdownIT killed PostgreSQL. The data
                    // of the stack is kept across restarts, so it keeps its commits as a real server does.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .start();
            Postgres postgres = new Postgres(server, port, dataDirectory);
            postgres.createServiceDatabases();
            return postgres;
        } catch (IOException | SQLException e) {
            throw new StackFailure(
                    "PostgreSQL did not start (data in " + dataDirectory + "): " + e.getMessage()
                            + "\nIf an earlier stack was killed and its PostgreSQL still holds the folder, stop that postgres process,"
                            + " or start with --fresh (which deletes the stack's data).",
                    e);
        }
    }

    /**
     * The server's main process, from the first line of its {@code postmaster.pid}: started through {@code pg_ctl},
     * it is not a child of the launcher.
     */
    public Optional<ProcessHandle> process() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    private void createServiceDatabases() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", ROLE)) {
                statement.execute("CREATE ROLE " + ROLE + " LOGIN CREATEROLE PASSWORD '" + ROLE + "'");
            }
            for (String database : DATABASES) {
                if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                    statement.execute("CREATE DATABASE " + database + " OWNER " + ROLE);
                }
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
