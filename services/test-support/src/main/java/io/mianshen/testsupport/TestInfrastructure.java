package io.mianshen.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;

/**
 * The one Kafka broker and PostgreSQL server of this test JVM, started on first use and shared by
 * every Spring context and test in it; stopped when the JVM exits.
 * <p>
 * The mode comes from {@code -Dmianshen.infra}; without it, containers are used where a Docker engine
 * answers and the embedded servers everywhere else.
 */
public final class TestInfrastructure {

    /**
     * With {@code -Dmianshen.postgres.statement-statistics=true}, the embedded PostgreSQL loads
     * {@code pg_stat_statements} (what each statement cost; the benchmark harness prints it). Off by default.
     */
    public static final String STATEMENT_STATISTICS = "mianshen.postgres.statement-statistics";
    /**
     * The services' bound on stopping after a signal ({@code PromptShutdown}), which halts the JVM when passed: off in
     * every test JVM, where the broker and the databases stop in the same shutdown.
     */
    public static final String SHUTDOWN_LIMIT = "mianshen.shutdown.limit";

    /** The password of a service's own login role in the tests ({@link RealInfrastructure#appRole()}). */
    public static final String APP_ROLE_PASSWORD = "mianshen-test-app-role";

    private static final Pattern JDBC_DATABASE = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private static Infrastructure running;

    private TestInfrastructure() {}

    /** The running infrastructure, started on the first call. */
    public static synchronized Infrastructure get() {
        if (running == null) {
            InfrastructureMode mode =
                    chooseMode(System.getProperty(InfrastructureMode.PROPERTY), TestInfrastructure::dockerAnswers);
            running = start(mode, System.getenv());
            Infrastructure started = running;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "mianshen-test-infrastructure-stop"));
        }
        return running;
    }

    /**
     * The address of the database {@code name} on the shared server, created if it does not exist yet.
     * Each service's tests use a database of their own, as each service does in production.
     */
    public static synchronized DatabaseAddress database(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        DatabaseAddress admin = get().adminDatabase();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.username(), admin.password());
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet result = exists.executeQuery()) {
                if (!result.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " at " + admin.jdbcUrl(), e);
        }
        return new DatabaseAddress(withDatabase(admin.jdbcUrl(), name), admin.username(), admin.password());
    }

    static InfrastructureMode chooseMode(String property, BooleanSupplier dockerAnswers) {
        if (property != null && !property.isBlank()) {
            return InfrastructureMode.parse(property);
        }
        return dockerAnswers.getAsBoolean() ? InfrastructureMode.CONTAINERS : InfrastructureMode.EMBEDDED;
    }

    static String withDatabase(String jdbcUrl, String database) {
        Matcher matcher = JDBC_DATABASE.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return matcher.group(1) + database + matcher.group(3);
    }

    private static Infrastructure start(InfrastructureMode mode, Map<String, String> environment) {
        return switch (mode) {
            case EMBEDDED -> new EmbeddedInfrastructure();
            case CONTAINERS -> new ContainerInfrastructure();
            case EXTERNAL -> new ExternalInfrastructure(environment);
        };
    }

    /** Asks Docker only where one could be: a socket or DOCKER_HOST, so machines without it pay nothing. */
    private static boolean dockerAnswers() {
        boolean candidate = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!candidate) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The settings of a service that connects as its own login role {@code appRole} while Flyway migrates as the
     * owner of {@code database} (whose migration gives the role its LOGIN and {@link #APP_ROLE_PASSWORD}).
     */
    public static java.util.Map<String, Object> appRoleProperties(DatabaseAddress database, String appRole) {
        java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();
        // the embedded database's URL names its superuser (?user=...), which the driver would prefer to the username
        properties.put(
                "spring.datasource.url",
                database.jdbcUrl()
                        .replaceAll("([?&])(user|password)=[^&]*&?", "$1")
                        .replaceAll("[?&]$", ""));
        properties.put("spring.datasource.username", appRole);
        properties.put("spring.datasource.password", APP_ROLE_PASSWORD);
        properties.put("spring.flyway.url", database.jdbcUrl());
        properties.put("spring.flyway.user", database.username());
        properties.put("spring.flyway.password", database.password());
        return properties;
    }
}
