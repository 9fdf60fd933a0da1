package io.mianshen.policy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCliTest {

    private static final Path PACK = Path.of("src/main/resources/policies");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PolicyCli cli = new PolicyCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void testRunsEveryExampleALineEachAndExitsZeroWhenAllPass() throws IOException {
        int exit = cli.run(args("test", packFiles()));

        assertThat(exit).isZero();
        assertThat(output())
                .contains("PASS rd-post-subsidy: an increase of 10.05 at 10% is 1.005")
                .containsPattern("(?m)^\\d+ passed, 0 failed$");
    }

    @Test
    void testExitsOneAndNamesTheFailingExample(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("innovation-voucher.v1.yaml");
        Files.writeString(
                broken,
                Files.readString(PACK.resolve("innovation-voucher.v1.yaml"))
                        .replace("amount: \"30000.00\"", "amount: \"35000.00\""));

        int exit = cli.run(new String[] {"test", broken.toString()});

        assertThat(exit).isEqualTo(1);
        assertThat(output())
                .contains("FAIL innovation-voucher: a medium tech SME gets 30,000.00")
                .contains("expected 35000.00")
                .contains("1 failed");
    }

    @Test
    void checkListsEveryProblemWithLineAndColumn(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("bad.yaml");
        Files.writeString(
                broken,
                Files.readString(PACK.resolve("innovation-voucher.v1.yaml"))
                        .replace("validInYear(\"TECH_SME\", period.year)", "validInYear(\"TECH_SME\", period.yaer)")
                        .replace("titleEn:", "titelEn:"));

        int exit = cli.run(new String[] {"check", broken.toString()});

        assertThat(exit).isEqualTo(1);
        assertThat(output())
                .containsPattern(broken + ":\\d+:\\d+: unknown key 'titelEn'")
                .containsPattern(broken + ":\\d+:\\d+: tech-sme-in-year: .*did you mean 'period.year'")
                .contains("3 problem(s) in 1 file(s)");
    }

    @Test
    void evalPrintsTheResultWithItsExplanation() {
        int exit = cli.run(new String[] {
            "eval",
            PACK.resolve("rd-post-subsidy.v1.yaml").toString(),
            "--facts",
            "../../docs/examples/facts-91370100MA3C0QXJ4F.json",
            "--period",
            "FY2023"
        });

        assertThat(exit).isZero();
        assertThat(output())
                .contains("\"outcome\" : \"ELIGIBLE\"")
                .contains("\"amount\" : \"125000.00\"")
                .contains("贵单位2023年度研发费用较上年增长1,250,000.00元");
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> packFiles() throws IOException {
        try (var files = Files.list(PACK)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    private static String[] args(String command, List<String> files) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(files);
        return all.toArray(String[]::new);
    }
}
