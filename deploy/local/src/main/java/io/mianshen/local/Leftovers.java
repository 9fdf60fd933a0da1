package io.mianshen.local;

import io.mianshen.local.infra.ChildProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The processes a running stack started, listed in a file of its data folder ({@code stack.pids}): a stack stopped
 * with Ctrl-C or SIGTERM stops them itself and deletes the list, but a launcher killed outright (SIGKILL, a closed
 * CI job) leaves PostgreSQL, the broker and the services running on the stack's ports. The next start reads the
 * list and stops those that are still running first, so that it can start. A process is stopped only if it is the
 * one listed: the same process id and the same start time (a process id reused since by another program is left
 * alone).
 */
public final class Leftovers {

    static final String FILE_NAME = "stack.pids";
    /** {@code /proc} gives start times to the clock tick; allow for that and for rounding. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    private final Path file;

    private Leftovers(Path file) {
        this.file = file;
    }

    /** The list of the stack whose data is in {@code dataDirectory}. */
    public static Leftovers in(Path dataDirectory) {
        return new Leftovers(dataDirectory.resolve(FILE_NAME));
    }

    /** Adds a process the stack started, under a name for the messages. */
    public void record(String name, ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        if (started.isEmpty()) {
            return; // without a start time it could not be told apart from a later process with the same id
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    process.pid() + " " + started.get().toEpochMilli() + " " + name + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the stack's process " + name + " in " + file, e);
        }
    }

    /**
     * Stops the listed processes that still run, newest first (as {@link ChildProcess#stop(ProcessHandle)} does),
     * reporting each on {@code out}, then forgets the list.
     *
     * @return how many were stopped
     */
    public int stopAll(PrintStream out) {
        if (!Files.exists(file)) {
            return 0;
        }
        int stopped = 0;
        List<Entry> entries = new ArrayList<>(entries());
        Collections.reverse(entries); // the services before the broker and the database they use, as a stack stops
        for (Entry entry : entries) {
            Optional<ProcessHandle> process = entry.running();
            if (process.isPresent()) {
                out.printf(
                        "stopping %s (pid %d), left running by a stack that was killed without stopping%n",
                        entry.name(), entry.pid());
                ChildProcess.stop(process.get());
                stopped++;
            }
        }
        forget();
        return stopped;
    }

    /** Forgets the list, once the stack has stopped everything itself. */
    public void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private List<Entry> entries() {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(Entry::parse)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** One listed process: its id, start time and name. */
    private record Entry(long pid, Instant started, String name) {

        static Optional<Entry> parse(String line) {
            String[] fields = line.trim().split(" ", 3);
            if (fields.length < 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Entry(
                        Long.parseLong(fields[0]), Instant.ofEpochMilli(Long.parseLong(fields[1])), fields[2]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** The process, if it still runs and is the one listed (not a later process given the same id). */
        Optional<ProcessHandle> running() {
            if (pid == ProcessHandle.current().pid()) {
                return Optional.empty();
            }
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info()
                            .startInstant()
                            .map(start -> Duration.between(start, started).abs().compareTo(SAME_START) <= 0)
                            .orElse(false));
        }
    }
}
