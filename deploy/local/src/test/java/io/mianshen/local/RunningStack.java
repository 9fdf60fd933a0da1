package io.mianshen.local;

import static org.awaitility.Awaitility.await;

import io.mianshen.local.infra.KafkaAccess;
import io.mianshen.local.infra.KafkaCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local stack as a user starts it: the launcher in a process of its own (as {@code deploy/local/run} starts it,
 * from target/classes and the recorded classpath), its console output in a file the tests read.
 */
final class RunningStack implements AutoCloseable {

    private final Process launcher;
    private final Path output;
    private final Path dataDirectory;

    private RunningStack(Process launcher, Path output, Path dataDirectory) {
        this.launcher = launcher;
        this.output = output;
        this.dataDirectory = dataDirectory;
    }

    /** Starts the stack with a fresh data folder under target/ and waits until it prints that it runs. */
    static RunningStack start(String name, String... options) throws IOException {
        return launch(name, true, java.util.Map.of(), options);
    }

    /** Starts the stack as {@link #start} does, with {@code environment} added to the launcher's (and so to every service's). */
    static RunningStack startWith(java.util.Map<String, String> environment, String name, String... options)
            throws IOException {
        return launch(name, true, environment, options);
    }

    /** Starts the stack again on the data folder an earlier {@link #start} of {@code name} left (databases and topics kept). */
    static RunningStack restart(String name) throws IOException {
        return launch(name, false, java.util.Map.of());
    }

    private static RunningStack launch(
            String name, boolean fresh, java.util.Map<String, String> environment, String... options)
            throws IOException {
        Path module = Path.of("").toAbsolutePath();
        Path target = module.resolve("target");
        String classpath = target.resolve("classes") + ":"
                + Files.readString(target.resolve("stack.classpath")).trim();
        Path output = target.resolve(name + (fresh ? "" : "-again") + ".out");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-cp",
                classpath,
                LocalStack.class.getName(),
                "--data-dir",
                target.resolve(name).toString()));
        if (fresh) {
            command.add("--fresh");
        }
        command.addAll(List.of(options));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process launcher = builder.start();
        RunningStack stack = new RunningStack(launcher, output, target.resolve(name));
        stack.awaitOutput(LocalStack.READY, Duration.ofMinutes(6));
        return stack;
    }

    /** How {@code principal} connects to the stack's broker (its credentials are in the stack's data folder). */
    KafkaAccess kafka(String principal) {
        return KafkaCredentials.existing(dataDirectory, "localhost:" + StackPorts.KAFKA)
                .access(principal);
    }

    /** The stack's data folder. */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** Everything the launcher printed so far. */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    void awaitOutput(String text, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (!launcher.isAlive()) {
                throw new AssertionError("the launcher stopped:\n" + output());
            }
            return output().contains(text);
        });
    }

    /** The processes the launcher started (broker, PostgreSQL, services, gateway), as they are now. */
    List<ProcessHandle> descendants() {
        return launcher.descendants().toList();
    }

    /** The process running the named service's jar. */
    Optional<ProcessHandle> service(String name) {
        return launcher.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("/" + name + "-"))
                .findFirst();
    }

    /** Stops the stack as Ctrl-C in its terminal does (SIGINT to the launcher); returns its exit code. */
    int stop() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            launcher.destroy();
        }
        if (!launcher.waitFor(3, TimeUnit.MINUTES)) {
            launcher.destroyForcibly();
            throw new AssertionError("the launcher did not stop within three minutes:\n" + output());
        }
        return launcher.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (launcher.isAlive()) {
            List<ProcessHandle> children = descendants();
            stop();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
