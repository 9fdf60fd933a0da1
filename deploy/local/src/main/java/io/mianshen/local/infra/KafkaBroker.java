package io.mianshen.local.infra;

import io.mianshen.contracts.EventContract;
import io.mianshen.local.StackFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * An Apache Kafka broker in KRaft mode (broker and controller in one process), run as its own JVM from the
 * launcher's classpath ({@code kafka.Kafka}), its log directory kept across restarts; formatted on first start.
 * It authenticates every connection (SASL) and authorizes by the ACLs of {@link KafkaPrincipals}.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ChildProcess process;
    private final int port;
    private final KafkaCredentials credentials;

    private KafkaBroker(ChildProcess process, int port, KafkaCredentials credentials) {
        this.process = process;
        this.port = port;
        this.credentials = credentials;
    }

    /**
     * Formats the storage if new, starts the broker and waits until it answers (at most two minutes). Every listener
     * takes SASL only: the clients' on {@code port} (SCRAM-SHA-512 for the principals of {@link KafkaPrincipals},
     * PLAIN for the administrator), the controller's on {@code controllerPort} (PLAIN, the administrator); the
     * broker authorizes by ACL and allows nothing not granted. Both listen on the loopback address only.
     */
    public static KafkaBroker start(
            Path dataDirectory, Path logs, int port, int controllerPort, KafkaCredentials credentials) {
        Path properties = dataDirectory.resolve("server.properties");
        Path logDirectory = dataDirectory.resolve("log");
        KafkaAccess admin = credentials.admin();
        String adminLogin = "org.apache.kafka.common.security.plain.PlainLoginModule required username="
                + KafkaAccess.quoted(admin.username()) + " password=" + KafkaAccess.quoted(admin.password()) + " user_"
                + admin.username() + "=" + KafkaAccess.quoted(admin.password()) + ";";
        try {
            Files.createDirectories(logDirectory);
            Files.writeString(
                    properties,
                    String.join(
                            System.lineSeparator(),
                            "process.roles=broker,controller",
                            "node.id=1",
                            "controller.quorum.voters=1@localhost:" + controllerPort,
                            "listeners=CLIENTS://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                            "advertised.listeners=CLIENTS://localhost:" + port,
                            "controller.listener.names=CONTROLLER",
                            "listener.security.protocol.map=CLIENTS:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                            "inter.broker.listener.name=CLIENTS",
                            "sasl.mechanism.inter.broker.protocol=PLAIN",
                            "sasl.mechanism.controller.protocol=PLAIN",
                            "listener.name.clients.sasl.enabled.mechanisms=" + KafkaAccess.SCRAM + ",PLAIN",
                            "listener.name.clients.plain.sasl.jaas.config=" + adminLogin,
                            "listener.name.clients.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
                            "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                            "listener.name.controller.plain.sasl.jaas.config=" + adminLogin,
                            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                            "super.users=User:" + admin.username(),
                            "allow.everyone.if.no.acl.found=false",
                            "log.dirs=" + logDirectory,
                            "num.partitions=3",
                            "auto.create.topics.enable=false",
                            "offsets.topic.replication.factor=1",
                            "transaction.state.log.replication.factor=1",
                            "transaction.state.log.min.isr=1",
                            "share.coordinator.state.topic.replication.factor=1",
                            "group.initial.rebalance.delay.ms=0",
                            "log.retention.hours=-1",
                            ""));
            try {
                // it holds the administrator's password
                Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // a file system without POSIX permissions: the data folder is the developer's own
            }
        } catch (IOException e) {
            throw new StackFailure(
                    "cannot write the Kafka configuration in " + dataDirectory + ": " + e.getMessage(), e);
        }
        String classpath = System.getProperty("java.class.path");
        if (!Files.exists(logDirectory.resolve("meta.properties"))) {
            ChildProcess.run(
                    "kafka-storage-format",
                    List.of(
                            ChildProcess.java(),
                            "-cp",
                            classpath,
                            "kafka.tools.StorageTool",
                            "format",
                            "--cluster-id",
                            Uuid.randomUuid().toString(),
                            "--config",
                            properties.toString()),
                    logs.resolve("kafka.log"),
                    120);
        }
        ChildProcess process = ChildProcess.start(
                "Kafka broker",
                List.of(
                        ChildProcess.java(),
                        "-Xms256m",
                        "-Xmx768m",
                        "-Dlogback.configurationFile=logback-kafka.xml",
                        "-cp",
                        classpath,
                        "kafka.Kafka",
                        properties.toString()),
                Map.of(),
                logs.resolve("kafka.log"));
        KafkaBroker broker = new KafkaBroker(process, port, credentials);
        broker.awaitListening(Duration.ofMinutes(2));
        return broker;
    }

    /** The clients' address, {@code localhost:<port>}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** How {@code principal} connects. */
    public KafkaAccess access(String principal) {
        return credentials.access(principal);
    }

    public ChildProcess process() {
        return process;
    }

    /** Creates the topics that do not exist yet, each with {@code partitions} partitions. */
    public void createTopics(List<String> topics, int partitions) {
        try (Admin admin = Admin.create(credentials.admin().clientSettings())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            throw new StackFailure("cannot create the topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailure("interrupted while creating the topics");
        }
    }

    /**
     * Gives every principal of {@link KafkaPrincipals} its SCRAM credential and makes the broker's ACLs exactly
     * {@link KafkaPrincipals#grants}: missing ones are added, any other is removed (a data folder from an older
     * table). Returns when each principal can log in and describe a topic it was granted.
     */
    public void secure(EventContract contract) {
        List<KafkaPrincipals.Grant> grants = KafkaPrincipals.grants(contract);
        try (Admin admin = Admin.create(credentials.admin().clientSettings())) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (String principal : KafkaPrincipals.principals()) {
                users.add(new UserScramCredentialUpsertion(
                        principal,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                        credentials.access(principal).password()));
            }
            admin.alterUserScramCredentials(users).all().get();
            Set<AclBinding> wanted =
                    grants.stream().map(KafkaPrincipals.Grant::binding).collect(Collectors.toSet());
            Collection<AclBinding> present =
                    admin.describeAcls(AclBindingFilter.ANY).values().get();
            List<AclBindingFilter> stale = present.stream()
                    .filter(binding -> !wanted.contains(binding))
                    .map(AclBinding::toFilter)
                    .toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get();
            }
            List<AclBinding> missing = wanted.stream()
                    .filter(binding -> !present.contains(binding))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get();
            }
        } catch (ExecutionException e) {
            throw new StackFailure(
                    "cannot set up Kafka's users and ACLs: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailure("interrupted while setting up Kafka's users and ACLs");
        }
        for (String principal : KafkaPrincipals.principals()) {
            String topic = grants.stream()
                    .filter(grant -> grant.principal().equals(principal) && grant.resource() == ResourceType.TOPIC)
                    .map(KafkaPrincipals.Grant::name)
                    .map(name -> name.equals("*") ? "notices.v1" : name)
                    .findFirst()
                    .orElseThrow();
            awaitAccess(credentials.access(principal), topic, Duration.ofSeconds(30));
        }
    }

    /** Waits until {@code access} logs in and may describe {@code topic} (a new credential or ACL takes effect). */
    private void awaitAccess(KafkaAccess access, String topic, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try (Admin admin = Admin.create(quick(access))) {
                admin.describeTopics(List.of(topic)).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                last = e.getCause().toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackFailure("interrupted while waiting for Kafka's users");
            }
            pause();
        }
        throw new StackFailure(access.username() + " cannot use Kafka topic " + topic + " after " + timeout.toSeconds()
                + " s: " + last);
    }

    private static Map<String, Object> quick(KafkaAccess access) {
        Map<String, Object> settings = access.clientSettings();
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        return settings;
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            process.requireAlive();
            try (Admin admin = Admin.create(quick(credentials.admin()))) {
                if (listening()) {
                    admin.describeCluster().nodes().get();
                    return;
                }
            } catch (ExecutionException | RuntimeException e) {
                // not ready yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackFailure("interrupted while waiting for Kafka");
            }
            pause();
        }
        throw new StackFailure("Kafka did not answer within " + timeout.toSeconds() + " s; the end of " + process.log()
                + ":\n" + process.tail(30));
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
