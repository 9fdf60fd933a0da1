package io.mianshen.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a launcher killed outright (SIGKILL) left running is stopped by the next start, and nothing else is. */
class LeftoversTest {

    @TempDir
    Path data;

    private final List<Process> started = new ArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void stopWhatTheTestStarted() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void theProcessesOfAKilledStackAreStoppedNewestFirstAtTheNextStart() throws Exception {
        Process broker = longRunning();
        Process service = longRunning();
        Leftovers killedStack = Leftovers.in(data);
        killedStack.record("Kafka broker", broker.toHandle());
        killedStack.record("eligibility-service", service.toHandle());

        int stopped = Leftovers.in(data).stopAll(out);

        assertThat(stopped).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAlive() && !service.isAlive());
        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(report)
                .contains("stopping eligibility-service (pid " + service.pid()
                        + "), left running by a stack that was killed");
        assertThat(report.indexOf("eligibility-service")).isLessThan(report.indexOf("Kafka broker"));
        assertThat(data.resolve(Leftovers.FILE_NAME)).doesNotExist();
    }

    @Test
    void aProcessIdNowUsedByAnotherProgramIsLeftAlone() throws Exception {
        Process other = longRunning();
        long earlierStart = other.toHandle()
                .info()
                .startInstant()
                .orElseThrow()
                .minus(1, ChronoUnit.HOURS)
                .toEpochMilli();
        Files.writeString(data.resolve(Leftovers.FILE_NAME), other.pid() + " " + earlierStart + " audit-service\n");

        int stopped = Leftovers.in(data).stopAll(out);

        assertThat(stopped).isZero();
        assertThat(other.isAlive()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(data.resolve(Leftovers.FILE_NAME)).doesNotExist();
    }

    @Test
    void aStackThatStoppedItselfLeavesNothingToStop() {
        Leftovers stack = Leftovers.in(data);
        stack.record("this launcher", ProcessHandle.current());
        stack.forget();

        assertThat(Leftovers.in(data).stopAll(out)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theLauncherNeverStopsItself() {
        Leftovers.in(data).record("this launcher", ProcessHandle.current());

        assertThat(Leftovers.in(data).stopAll(out)).isZero();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    private Process longRunning() throws Exception {
        Process process = new ProcessBuilder("sleep", "600").start();
        started.add(process);
        return process;
    }
}
