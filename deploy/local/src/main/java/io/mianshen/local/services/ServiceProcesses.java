package io.mianshen.local.services;

import io.mianshen.local.DevTokens;
import io.mianshen.local.StackFailure;
import io.mianshen.local.StackOptions;
import io.mianshen.local.StackPorts;
import io.mianshen.local.infra.ChildProcess;
import io.mianshen.local.infra.KafkaAccess;
import io.mianshen.local.infra.KafkaPrincipals;
import io.mianshen.local.infra.Postgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The running services and gateway: started together from their jars, each with its port, database, Kafka and
 * SMTP addresses in its environment, and waited for until every {@code /actuator/health} answers UP.
 */
public final class ServiceProcesses implements AutoCloseable {

    /** JVM options of each service; small heaps and a quick start suit a laptop. Override with MIANSHEN_JAVA_OPTS. */
    static final String DEFAULT_JAVA_OPTIONS = "-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";

    /** The audit service's login role on the local stack, and its password (local only). */
    static final String AUDIT_APP_ROLE = "audit_app";

    static final String AUDIT_APP_PASSWORD = "audit-app-local";

    private final Map<ServiceDefinition, ChildProcess> running = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Starts every service and the gateway; returns at once (see {@link #awaitHealthy}). */
    public static ServiceProcesses start(StackOptions options, Postgres postgres, Function<String, KafkaAccess> kafka) {
        ServiceProcesses processes = new ServiceProcesses();
        String javaOptions = System.getenv().getOrDefault("MIANSHEN_JAVA_OPTS", DEFAULT_JAVA_OPTIONS);
        List<ServiceDefinition> stack = new ArrayList<>();
        stack.add(ServiceDefinition.IDENTITY_PROVIDER);
        stack.addAll(ServiceDefinition.ALL);
        stack.add(ServiceDefinition.CONSOLE);
        for (ServiceDefinition service : stack) {
            List<String> command = new ArrayList<>();
            command.add(ChildProcess.java());
            command.addAll(List.of(javaOptions.trim().split("\\s+")));
            command.addAll(List.of("-jar", service.jar(options.projectRoot()).toString()));
            processes.running.put(
                    service,
                    ChildProcess.start(
                            service.name(),
                            command,
                            environment(service, postgres, kafka, options.dataDirectory()),
                            options.logs().resolve(service.name() + ".log")));
        }
        return processes;
    }

    /** The address the services listen on: {@code MIANSHEN_LOCAL_BIND_ADDRESS}, or 127.0.0.1. */
    static String bindAddress(Map<String, String> launcherEnvironment) {
        String asked = launcherEnvironment.get("MIANSHEN_LOCAL_BIND_ADDRESS");
        return asked == null || asked.isBlank() ? "127.0.0.1" : asked.strip();
    }

    static Map<String, String> environment(
            ServiceDefinition service, Postgres postgres, Function<String, KafkaAccess> kafka, Path dataDirectory) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PORT", Integer.toString(service.port()));
        // on the loopback address, as PostgreSQL and Kafka are, unless MIANSHEN_LOCAL_BIND_ADDRESS asks for another
        environment.put("SERVER_ADDRESS", bindAddress(System.getenv()));
        // no trace collector here unless one is named: every service writes its spans to its log instead
        environment.put(
                "MIANSHEN_TRACING_LOG_SPANS",
                Boolean.toString(System.getenv("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT") == null));
        environment.put("MIANSHEN_ISSUER_URI", DevTokens.LOCAL_ISSUER);
        environment.put("MIANSHEN_JWKS_URI", DevTokens.LOCAL_ISSUER + "/oauth2/jwks");
        if (service.equals(ServiceDefinition.IDENTITY_PROVIDER)) {
            // the provider's local profile: its development clients and log-in; the signing key survives restarts
            environment.put("SPRING_PROFILES_ACTIVE", "local");
            environment.put(
                    "MIANSHEN_IDP_KEY_FILE",
                    dataDirectory
                            .resolve("identity")
                            .resolve("signing-key.json")
                            .toAbsolutePath()
                            .toString());
            return environment;
        }
        if (KafkaPrincipals.principals().contains(service.name())) {
            // the service's own SCRAM user: the broker lets it use only its topics and groups (KafkaPrincipals)
            KafkaAccess access = kafka.apply(service.name());
            environment.put("KAFKA_BOOTSTRAP_SERVERS", access.bootstrapServers());
            environment.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
            environment.put("KAFKA_SASL_MECHANISM", access.mechanism());
            environment.put("KAFKA_SASL_JAAS_CONFIG", access.jaasConfig());
        }
        environment.put("MAIL_HOST", "localhost");
        environment.put("MAIL_PORT", Integer.toString(StackPorts.SMTP));
        if (service.name().equals("notification-service")) {
            // the local webhook receiver is http://localhost:8089: a real deployment sends to public HTTPS addresses
            // only
            environment.put("MIANSHEN_WEBHOOK_ALLOW_HTTP", "true");
            environment.put("MIANSHEN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true");
        }
        if (service.database() != null) {
            environment.put(service.environmentPrefix() + "_DB_URL", postgres.jdbcUrl(service.database()));
            environment.put(service.environmentPrefix() + "_DB_USER", Postgres.ROLE);
            environment.put(service.environmentPrefix() + "_DB_PASSWORD", Postgres.ROLE);
        }
        if (service.name().equals("audit-service")) {
            // the audit service connects as audit_app, which owns nothing; its migrations run as the owner
            environment.put("AUDIT_DB_OWNER_USER", Postgres.ROLE);
            environment.put("AUDIT_DB_OWNER_PASSWORD", Postgres.ROLE);
            environment.put("AUDIT_DB_USER", AUDIT_APP_ROLE);
            environment.put("AUDIT_DB_PASSWORD", AUDIT_APP_PASSWORD);
            CheckpointKeys keys = CheckpointKeys.in(dataDirectory);
            environment.put("MIANSHEN_CHECKPOINT_SIGNING_KEY", keys.signingKey());
            environment.put("MIANSHEN_CHECKPOINT_PUBLIC_KEY", keys.publicKey());
        }
        for (ServiceDefinition other : ServiceDefinition.ALL) {
            if (other.database() != null) {
                environment.put(other.environmentPrefix() + "_SERVICE_URL", "http://localhost:" + other.port());
            }
        }
        environment.put("CONSOLE_SERVICE_URL", "http://localhost:" + StackPorts.CONSOLE);
        environment.put("MIANSHEN_GATEWAY_URL", "http://localhost:" + StackPorts.GATEWAY);
        return environment;
    }

    /**
     * Waits until every process answers UP on {@code /actuator/health}, reporting each as it comes up; fails with
     * the end of its log if one stops, or names those still starting after {@code timeout}.
     */
    public void awaitHealthy(Duration timeout, java.util.function.Consumer<String> progress) {
        Instant deadline = Instant.now().plus(timeout);
        List<ServiceDefinition> waiting = new ArrayList<>(running.keySet());
        while (!waiting.isEmpty()) {
            for (ServiceDefinition service : List.copyOf(waiting)) {
                running.get(service).requireAlive();
                if (healthy(service)) {
                    waiting.remove(service);
                    progress.accept(service.name() + " is up on http://localhost:" + service.port());
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StackFailure("still not healthy after " + timeout.toSeconds() + " s: "
                        + waiting.stream()
                                .map(s -> s.name() + " (log " + running.get(s).log() + ")")
                                .toList());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackFailure("interrupted while waiting for the services");
            }
        }
    }

    private boolean healthy(ServiceDefinition service) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.port() + service.contextPath() + "/actuator/health"))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public List<ChildProcess> processes() {
        return List.copyOf(running.values());
    }

    /** Stops every process at once (each gets 30 s to shut down gracefully). */
    @Override
    public void close() {
        running.values().parallelStream().forEach(ChildProcess::stop);
    }
}
