package io.mianshen.local.infra;

import io.mianshen.local.StackFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the stack started (a JVM for the broker, a service or the gateway), its output appended to a log file.
 * {@link #stop()} asks it to stop (SIGTERM, so Spring shuts down gracefully) and kills it and anything it
 * started if it has not stopped within 30 seconds.
 */
public final class ChildProcess {

    private static final long STOP_SECONDS = 30;

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The JVM running this launcher, so every child runs on the same (checked) Java. */
    public static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Starts {@code command} with {@code environment} added to this process's own, output appended to {@code log}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "==== " + java.time.OffsetDateTime.now() + " " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new StackFailure("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code command} to completion (at most {@code seconds}), failing with its output's end if it fails. */
    public static void run(String name, List<String> command, Path log, long seconds) {
        ChildProcess child = start(name, command, Map.of(), log);
        try {
            if (!child.process.waitFor(seconds, TimeUnit.SECONDS)) {
                child.stop();
                throw new StackFailure(name + " did not finish within " + seconds + " s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.stop();
            throw new StackFailure(name + " interrupted");
        }
        if (child.process.exitValue() != 0) {
            throw new StackFailure(name + " failed (exit " + child.process.exitValue() + "); the end of " + log + ":\n"
                    + child.tail(20));
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** The operating system's handle of the process. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails, with the end of its log, if the process has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new StackFailure(name + " stopped during start-up (exit " + process.exitValue() + "); the end of "
                    + log + ":\n" + tail(30));
        }
    }

    /** Stops the process (and anything it started); returns once none of them runs. */
    public void stop() {
        stop(process.toHandle());
    }

    /**
     * Stops {@code process} and anything it started: SIGTERM, so that a JVM shuts down gracefully (or PostgreSQL
     * after its clients have gone), then SIGKILL if it has not stopped within 30 seconds; returns once none of
     * them runs.
     */
    public static void stop(ProcessHandle process) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notStopped) {
            process.destroyForcibly();
            process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
