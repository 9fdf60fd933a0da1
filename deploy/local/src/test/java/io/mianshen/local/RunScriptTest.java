package io.mianshen.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/local/run answers mistakes with plain messages: a Java that is too old (before building or starting anything), an unknown option. */
class RunScriptTest {

    @Test
    void aJavaOlderThan17GetsAClearMessageAndNoStackTrace(@TempDir Path bin) throws Exception {
        Path fakeJava = bin.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = Path.of("run").toAbsolutePath();

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "--demo").redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process run = builder.start();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(run.exitValue()).isEqualTo(2);
        assertThat(output)
                .contains("Mianshen needs Java 17 or newer")
                .contains("11.0.21")
                .doesNotContain("Exception");
    }

    @Test
    void anUnknownOptionShowsTheUsage() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> StackOptions.parse(new String[] {"--dmeo"}, Path.of(""))))
                .isInstanceOf(StackFailure.class)
                .hasMessageContaining("unknown option --dmeo")
                .hasMessageContaining("usage: deploy/local/run");
    }

    @Test
    void helpIsNotAFailureAndNamesBothWaysToStop() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> StackOptions.parse(new String[] {"--help"}, Path.of(""))))
                .isInstanceOf(StackOptions.HelpRequested.class)
                .isNotInstanceOf(StackFailure.class)
                .hasMessageContaining("usage: deploy/local/run")
                .hasMessageContaining("Ctrl-C (or SIGTERM to the launcher)");
    }
}
