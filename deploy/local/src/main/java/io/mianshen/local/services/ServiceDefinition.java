package io.mianshen.local.services;

import io.mianshen.local.StackFailure;
import io.mianshen.local.StackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process of the stack: its name, the module it is built in, its fixed port and, for a service, the database
 * it owns and the prefix of its database environment variables.
 *
 * @param name     the service's name, as in its {@code spring.application.name}
 * @param module   the Maven module, relative to the project root
 * @param port     the HTTP port ({@link StackPorts})
 * @param database its database, or {@code null} for the gateway
 * @param contextPath the path its web server is under ({@code /console} for the console), empty for the others
 */
public record ServiceDefinition(String name, String module, int port, String database, String contextPath) {

    /** A process at the root path. */
    public ServiceDefinition(String name, String module, int port, String database) {
        this(name, module, port, database, "");
    }

    /** The web console, behind the gateway at {@code /console}: started after the gateway. */
    public static final ServiceDefinition CONSOLE =
            new ServiceDefinition("console", "console", StackPorts.CONSOLE, null, "/console");

    /** The local stack's identity provider: started first; a real deployment uses the province's own instead. */
    public static final ServiceDefinition IDENTITY_PROVIDER =
            new ServiceDefinition("identity-provider", "identity-provider", StackPorts.IDENTITY, null);

    /** Every process of the product, the gateway last. */
    public static final List<ServiceDefinition> ALL = List.of(
            new ServiceDefinition(
                    "eligibility-service", "services/eligibility-service", StackPorts.ELIGIBILITY, "eligibility"),
            new ServiceDefinition(
                    "notification-service", "services/notification-service", StackPorts.NOTIFICATION, "notification"),
            new ServiceDefinition("audit-service", "services/audit-service", StackPorts.AUDIT, "audit"),
            new ServiceDefinition("intake-service", "services/intake-service", StackPorts.INTAKE, "intake"),
            new ServiceDefinition("gateway", "gateway", StackPorts.GATEWAY, null));

    /** The executable jar the build made for this module. */
    public Path jar(Path projectRoot) {
        Path target = projectRoot.resolve(module).resolve("target");
        String prefix = Path.of(module).getFileName() + "-";
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(file -> {
                            String file1 = file.getFileName().toString();
                            return file1.startsWith(prefix)
                                    && file1.endsWith(".jar")
                                    && !file1.endsWith("-sources.jar")
                                    && !file1.endsWith("-tests.jar");
                        })
                        .sorted()
                        .toList();
                if (!jars.isEmpty()) {
                    return jars.get(jars.size() - 1);
                }
            } catch (IOException e) {
                throw new StackFailure("cannot read " + target + ": " + e.getMessage(), e);
            }
        }
        throw new StackFailure("no built jar of " + name + " in " + target
                + ": build first with ./mvnw -DskipTests package" + " (deploy/local/run does it for you)");
    }

    /** The prefix of its database variables, e.g. {@code ELIGIBILITY} for {@code ELIGIBILITY_DB_URL}. */
    public String environmentPrefix() {
        return database == null ? null : database.toUpperCase(java.util.Locale.ROOT);
    }
}
