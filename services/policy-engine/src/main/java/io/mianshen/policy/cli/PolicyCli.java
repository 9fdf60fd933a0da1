package io.mianshen.policy.cli;

import io.mianshen.policy.Evaluation;
import io.mianshen.policy.FactsReader;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.PolicyPack;
import io.mianshen.policy.PolicyProblem;
import io.mianshen.policy.PolicyRejectedException;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code policy check FILE...}: every problem of each file, or OK.
 * {@code policy test FILE...}: each embedded example, a line each; exit code 1 if any fails.
 * {@code policy eval FILE --facts FACTS --period FY2023|Y2023|ONCE [--with FILE...]}: the result with its explanation, as JSON.
 */
public final class PolicyCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String HELP = """
            usage: policy check FILE...
                   policy test FILE...
                   policy eval FILE --facts FACTS.json --period FY2023|Y2023|ONCE [--with OTHER.yaml...]
            """;

    private final PrintStream out;
    private final PrintStream err;

    PolicyCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new PolicyCli(
                        new PrintStream(System.out, true, StandardCharsets.UTF_8),
                        new PrintStream(System.err, true, StandardCharsets.UTF_8))
                .run(args));
    }

    int run(String[] args) {
        if (args.length < 2) {
            err.print(HELP);
            return USAGE;
        }
        try {
            return switch (args[0]) {
                case "check" -> check(List.of(args).subList(1, args.length));
                case "test" -> test(List.of(args).subList(1, args.length));
                case "eval" -> eval(List.of(args).subList(1, args.length));
                default -> {
                    err.print(HELP);
                    yield USAGE;
                }
            };
        } catch (IOException e) {
            err.println("cannot read: " + e.getMessage());
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        }
    }

    private int check(List<String> files) throws IOException {
        List<PolicyProblem> problems = PolicyPack.check(read(files));
        problems.forEach(p -> out.println(p));
        for (String file : files) {
            if (problems.stream().noneMatch(p -> p.file().equals(file))) {
                out.println("OK " + file);
            }
        }
        out.println(problems.size() + " problem(s) in " + files.size() + " file(s)");
        return problems.isEmpty() ? OK : FAILED;
    }

    private int test(List<String> files) throws IOException {
        PolicyPack pack;
        try {
            pack = PolicyPack.loadUntested(read(files));
        } catch (PolicyRejectedException e) {
            e.problems().forEach(p -> out.println(p));
            out.println("0 passed, 0 failed: the files have problems; run check");
            return FAILED;
        }
        int passed = 0;
        int failed = 0;
        for (PolicyPack.ExampleResult result : pack.runExamples()) {
            if (result.passed()) {
                passed++;
                out.println(
                        "PASS " + result.policy().id() + ": " + result.example().name());
            } else {
                failed++;
                out.println("FAIL " + result.policy().id() + ": "
                        + result.example().name() + " (" + result.policy().file() + ":"
                        + result.example().line() + "): " + result.failure());
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? OK : FAILED;
    }

    private int eval(List<String> args) throws IOException {
        String file = args.get(0);
        String factsFile = option(args, "--facts")
                .orElseThrow(() -> new IllegalArgumentException("eval needs --facts FILE\n" + HELP));
        String periodText = option(args, "--period")
                .orElseThrow(() -> new IllegalArgumentException("eval needs --period\n" + HELP));
        List<String> files = new ArrayList<>(List.of(file));
        int with = args.indexOf("--with");
        if (with >= 0) {
            files.addAll(args.subList(with + 1, args.size()).stream()
                    .takeWhile(a -> !a.startsWith("--"))
                    .toList());
        }
        PolicyPack pack;
        FactsSnapshot facts;
        try {
            pack = PolicyPack.loadUntested(read(files));
            facts = FactsReader.read(factsFile, Files.readString(Path.of(factsFile), StandardCharsets.UTF_8));
        } catch (PolicyRejectedException e) {
            e.problems().forEach(p -> out.println(p));
            return FAILED;
        }
        Policy policy = pack.policies().get(0);
        Optional<Period> period =
                periodText.equals("ONCE") ? policy.oncePeriod(facts) : Optional.of(Period.parse(periodText));
        if (period.isEmpty() || !policy.inForce(period.get())) {
            out.println(policy + " makes no decision for " + periodText
                    + (period.map(p -> " (" + p.date() + ")").orElse(" (no trigger fact)")));
            return OK;
        }
        Evaluation evaluation = PolicyEngine.evaluate(policy, facts, period.get());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("policyId", policy.id());
        result.put("policyVersion", policy.version());
        result.put("period", period.get().label());
        result.put("outcome", evaluation.outcome());
        result.put(
                "amount",
                evaluation.amount() == null ? null : evaluation.amount().toPlainString());
        result.put("explanation", evaluation.explanation());
        out.println(JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build()
                .writeValueAsString(result));
        return OK;
    }

    private static Optional<String> option(List<String> args, String name) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
    }

    private static Map<String, String> read(List<String> files) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : files) {
            texts.put(file, Files.readString(Path.of(file), StandardCharsets.UTF_8));
        }
        return texts;
    }
}
