package io.mianshen.local.infra;

import io.mianshen.local.StackFailure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * An Apache Kafka broker in KRaft mode (broker and controller in one process), run as its own JVM from the
 * launcher's classpath ({@code kafka.Kafka}), its log directory kept across restarts; formatted on first start.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private KafkaBroker(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Formats the storage if new, starts the broker and waits until it answers (at most two minutes). */
    public static KafkaBroker start(Path dataDirectory, Path logs, int port, int controllerPort) {
        Path properties = dataDirectory.resolve("server.properties");
        Path logDirectory = dataDirectory.resolve("log");
        try {
            Files.createDirectories(logDirectory);
            Files.writeString(properties, String.join(System.lineSeparator(),
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@localhost:" + controllerPort,
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
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
        } catch (IOException e) {
            throw new StackFailure("cannot write the Kafka configuration in " + dataDirectory + ": " + e.getMessage(), e);
        }
        String classpath = System.getProperty("java.class.path");
        if (!Files.exists(logDirectory.resolve("meta.properties"))) {
            ChildProcess.run("kafka-storage-format", List.of(ChildProcess.java(), "-cp", classpath, "kafka.tools.StorageTool",
                    "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString()), logs.resolve("kafka.log"), 120);
        }
        ChildProcess process = ChildProcess.start("Kafka broker", List.of(ChildProcess.java(), "-Xms256m", "-Xmx768m",
                "-Dlogback.configurationFile=logback-kafka.xml", "-cp", classpath, "kafka.Kafka", properties.toString()),
                Map.of(), logs.resolve("kafka.log"));
        KafkaBroker broker = new KafkaBroker(process, port);
        broker.awaitListening(Duration.ofMinutes(2));
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Creates the topics that do not exist yet, each with {@code partitions} partitions. */
    public void createTopics(List<String> topics, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
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

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            process.requireAlive();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
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
        throw new StackFailure("Kafka did not answer within " + timeout.toSeconds() + " s; the end of " + process.log() + ":\n" + process.tail(30));
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
