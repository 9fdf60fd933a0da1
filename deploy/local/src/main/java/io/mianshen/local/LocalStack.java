package io.mianshen.local;

import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import io.mianshen.local.demo.DemoFeed;
import io.mianshen.local.demo.FeedRecord;
import io.mianshen.local.demo.Replay;
import io.mianshen.local.demo.StackSummary;
import io.mianshen.local.infra.KafkaBroker;
import io.mianshen.local.infra.KafkaCredentials;
import io.mianshen.local.infra.KafkaPrincipals;
import io.mianshen.local.infra.MailCatcher;
import io.mianshen.local.infra.Postgres;
import io.mianshen.local.infra.WebhookCatcher;
import io.mianshen.local.services.CheckpointKeys;
import io.mianshen.local.services.ServiceProcesses;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code deploy/local/run}: starts PostgreSQL, a Kafka broker, an SMTP server and a webhook receiver, then every
 * service and the gateway as processes of their own on fixed ports; waits until all are healthy; prints the
 * gateway's address, a development token per role and example commands; with {@code --demo} replays the demo feed
 * and prints its summary. Ctrl-C (or SIGTERM) stops everything it started, in reverse order; what a launcher killed
 * outright left running is stopped at the next start ({@link Leftovers}).
 */
public final class LocalStack {

    /** Printed once the demo summary is complete; the stack keeps running after it. */
    public static final String DEMO_DONE = "Demo finished.";
    /** Printed once every process is healthy. */
    public static final String READY = "Mianshen is running.";

    private final StackOptions options;
    private final PrintStream out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Leftovers leftovers;

    LocalStack(StackOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.leftovers = Leftovers.in(options.dataDirectory());
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LocalStack stack;
        try {
            stack = new LocalStack(StackOptions.parse(args, Path.of("")), out);
        } catch (StackOptions.HelpRequested help) {
            out.println(help.getMessage());
            System.exit(0);
            return;
        } catch (StackFailure e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.stop();
                            stopped.countDown();
                        },
                        "mianshen-stack-stop"));
        try {
            stack.start();
        } catch (StackFailure e) {
            System.err.println();
            System.err.println("The stack did not start: " + e.getMessage());
            System.exit(1);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void start() {
        out.println("Mianshen local stack: data in " + options.dataDirectory()
                + " (kept across restarts; --fresh starts clean)");
        leftovers.stopAll(out);
        StackPorts.requireFree();
        if (options.fresh()) {
            deleteRecursively(options.dataDirectory());
        }
        step("PostgreSQL 17 on port " + StackPorts.POSTGRES);
        Postgres postgres = keep(Postgres.start(
                options.dataDirectory().resolve("postgres"),
                options.logs().resolve("postgres.log"),
                StackPorts.POSTGRES));
        postgres.process().ifPresent(process -> leftovers.record("PostgreSQL", process));
        step("Kafka (KRaft) on port " + StackPorts.KAFKA);
        KafkaCredentials credentials = KafkaCredentials.in(options.dataDirectory(), "localhost:" + StackPorts.KAFKA);
        KafkaBroker kafka = keep(KafkaBroker.start(
                options.dataDirectory().resolve("kafka"),
                options.logs(),
                StackPorts.KAFKA,
                StackPorts.KAFKA_CONTROLLER,
                credentials));
        leftovers.record(kafka.process().name(), kafka.process().handle());
        List<String> topics = new ArrayList<>();
        EventContract contract = EventContract.load();
        for (EventTopic topic : contract.topics()) {
            topics.add(topic.name());
            topics.add(topic.deadLetterTopic());
        }
        kafka.createTopics(topics, 3);
        // each service, feed and tool as its own SCRAM user, allowed only its topics and groups
        kafka.secure(contract);
        MailCatcher mail = keep(MailCatcher.start(StackPorts.SMTP));
        WebhookCatcher webhooks = keep(WebhookCatcher.start(StackPorts.WEBHOOK_RECEIVER));
        step("the services and the gateway (logs in " + options.logs() + ")");
        ServiceProcesses services = keep(ServiceProcesses.start(options, postgres, kafka::access));
        services.processes().forEach(child -> leftovers.record(child.name(), child.handle()));
        services.awaitHealthy(Duration.ofMinutes(5), line -> out.println("  " + line));
        out.println();
        out.println(READY);
        out.println(Welcome.text(
                DevTokens.forLocalStack(),
                DemoFeed.exampleUscc(),
                CheckpointKeys.in(options.dataDirectory()).publicPem(),
                credentials.kcatConfig(KafkaPrincipals.OBSERVER),
                credentials.kcatConfig(KafkaPrincipals.FEEDS)));
        if (options.demo()) {
            demo(kafka, mail, webhooks);
        }
        out.println("Press Ctrl-C, or send SIGTERM to the launcher (kill "
                + ProcessHandle.current().pid() + "), to stop everything.");
    }

    private void demo(KafkaBroker kafka, MailCatcher mail, WebhookCatcher webhooks) {
        List<DemoFeed.Phase> phases = DemoFeed.phases();
        List<FeedRecord> feed =
                phases.stream().flatMap(phase -> phase.records().stream()).toList();
        long invalid = feed.stream().filter(record -> !record.valid()).count();
        out.printf(
                "Demo: replaying %d events of %d enterprises, half a year at a time (%d of them invalid on purpose)%n",
                feed.size(), DemoFeed.ENTERPRISES, invalid);
        try (Replay replay = new Replay(kafka.access(KafkaPrincipals.FEEDS), feed.size(), out)) {
            for (DemoFeed.Phase phase : phases) {
                replay.publish(phase.label(), phase.records());
                StackSummary.awaitSettled(
                        kafka.access(KafkaPrincipals.OBSERVER),
                        URI.create("http://localhost:" + StackPorts.ELIGIBILITY),
                        Duration.ofMinutes(2));
            }
        }
        out.println(
                "Demo: someone objects to two published grants; the reviewer upholds one (revoked) and rejects the other");
        io.mianshen.local.demo.DemoReview.Rulings rulings = new io.mianshen.local.demo.DemoReview(
                        URI.create("http://localhost:" + StackPorts.GATEWAY), DevTokens.forLocalStack())
                .run(kafka.access(KafkaPrincipals.OBSERVER), Duration.ofMinutes(2));
        out.printf("  upheld: ruling %s; rejected: ruling %s%n", rulings.upheld(), rulings.rejected());
        StackSummary.awaitSettled(
                kafka.access(KafkaPrincipals.OBSERVER),
                URI.create("http://localhost:" + StackPorts.ELIGIBILITY),
                Duration.ofMinutes(2));
        out.println();
        out.print(StackSummary.read(kafka.access(KafkaPrincipals.OBSERVER)).render());
        out.printf(
                "E-mails received by the local SMTP server: %d; webhooks received: %d (signed: %d)%n",
                mail.received(), webhooks.received(), webhooks.signed());
        out.println(DEMO_DONE);
        out.println();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        started.push(resource);
        return resource;
    }

    private void step(String what) {
        out.println("starting " + what + " ...");
    }

    /** Stops what was started, newest first; safe to call more than once. */
    synchronized void stop() {
        if (started.isEmpty()) {
            return;
        }
        out.println();
        out.println("stopping ...");
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                out.println("  while stopping: " + e.getMessage());
            }
        }
        leftovers.forget();
        out.println("stopped; nothing of the stack is running.");
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new StackFailure("cannot delete " + directory + " for --fresh: " + e.getMessage(), e);
        }
    }
}
