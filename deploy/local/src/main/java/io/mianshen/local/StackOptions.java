package io.mianshen.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code deploy/local/run} was asked for.
 *
 * @param projectRoot the checkout whose built service jars are started
 * @param dataDirectory where PostgreSQL, Kafka and the logs keep their data across restarts
 * @param fresh       delete the data directory first
 * @param demo        replay the bundled demo feed once the stack is up, then print its summary
 */
public record StackOptions(Path projectRoot, Path dataDirectory, boolean fresh, boolean demo) {

    static final String USAGE = """
            usage: deploy/local/run [--demo] [--fresh] [--data-dir DIR]

              --demo          after start-up, replay the bundled demo feed (200 enterprises, three fiscal years)
                              and print a summary of decisions, notices and dead letters
              --fresh         delete the data directory first (start with empty databases and topics)
              --data-dir DIR  where PostgreSQL, Kafka and the logs keep their data (default deploy/local/data)

            Ctrl-C (or SIGTERM to the launcher) stops everything the stack started.""";

    /** {@code -h} or {@code --help}: the usage is printed and the launcher exits 0. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(USAGE);
        }
    }

    /** Reads the command line; the project root is found from the working directory upwards. */
    public static StackOptions parse(String[] args, Path workingDirectory) {
        Path root = projectRoot(workingDirectory);
        Path data = root.resolve("deploy/local/data");
        boolean fresh = false;
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--demo" -> demo = true;
                case "--data-dir" -> {
                    if (i + 1 >= args.length) {
                        throw new StackFailure("--data-dir needs a folder\n" + USAGE);
                    }
                    data = workingDirectory.resolve(args[++i]);
                }
                case "-h", "--help" -> throw new HelpRequested();
                default -> throw new StackFailure("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new StackOptions(root, data.toAbsolutePath().normalize(), fresh, demo);
    }

    /** The nearest folder at or above {@code start} holding the Mianshen build (pom.xml, services/, gateway/). */
    static Path projectRoot(Path start) {
        for (Path candidate = start.toAbsolutePath().normalize();
                candidate != null;
                candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("pom.xml"))
                    && Files.isDirectory(candidate.resolve("services"))
                    && Files.isDirectory(candidate.resolve("gateway"))) {
                return candidate;
            }
        }
        throw new StackFailure(
                "cannot find the Mianshen checkout (a folder with pom.xml, services/ and gateway/) at or above "
                        + start);
    }

    public Path logs() {
        return dataDirectory.resolve("logs");
    }
}
