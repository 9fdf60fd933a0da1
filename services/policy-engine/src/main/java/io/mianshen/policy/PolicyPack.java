package io.mianshen.policy;

import io.mianshen.policy.facts.Period;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of policy versions loaded together, so that examples can check exclusive groups across them.
 * Loading refuses the whole pack with every problem of every file; a pack that loads has passed all
 * its embedded examples.
 */
public final class PolicyPack {

    /** The classpath folder of the bundled Shandong 2023 pack, listed in its {@code index.txt}. */
    public static final String BUNDLED = "policies/";

    private final List<Policy> policies;

    private PolicyPack(List<Policy> policies) {
        this.policies = List.copyOf(policies);
    }

    /**
     * Loads policy files by name.
     *
     * @throws PolicyRejectedException with every problem found, including failing examples
     */
    public static PolicyPack load(Map<String, String> files) {
        PolicyPack pack = loadUntested(files);
        List<PolicyProblem> failures = pack.runExamples().stream()
                .map(ExampleResult::problem)
                .flatMap(Optional::stream)
                .toList();
        if (!failures.isEmpty()) {
            throw new PolicyRejectedException(failures);
        }
        return pack;
    }

    /**
     * Loads policy files and runs their examples beside policies already live (for exclusive groups),
     * as when a new version is published into a running pack. Only the new files' examples run.
     *
     * @return a pack of the new files' policies
     * @throws PolicyRejectedException with every problem found, including failing examples
     */
    public static PolicyPack load(Map<String, String> files, List<Policy> live) {
        PolicyPack loaded = loadUntested(files);
        List<Policy> together = new ArrayList<>(loaded.policies);
        together.addAll(live);
        List<PolicyProblem> failures = new PolicyPack(together)
                .runExamples().stream()
                        .filter(result -> loaded.policies.contains(result.policy()))
                        .map(ExampleResult::problem)
                        .flatMap(Optional::stream)
                        .toList();
        if (!failures.isEmpty()) {
            throw new PolicyRejectedException(failures);
        }
        return loaded;
    }

    /** Loads policy files from disk. */
    public static PolicyPack load(List<Path> paths) {
        return load(read(paths));
    }

    /** Loads the pack bundled on the classpath. */
    public static PolicyPack bundled() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : resource(BUNDLED + "index.txt")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList()) {
            files.put(name, resource(BUNDLED + name));
        }
        return load(files);
    }

    /**
     * Checks files without running their examples: every problem of loading, or none.
     */
    public static List<PolicyProblem> check(Map<String, String> files) {
        List<PolicyProblem> problems = new ArrayList<>();
        files.forEach((file, text) ->
                problems.addAll(new PolicyLoader(file).load(text).problems()));
        return problems;
    }

    /** Loads without running the examples, for the command line's {@code test}, which reports each example itself. */
    public static PolicyPack loadUntested(Map<String, String> files) {
        List<PolicyProblem> problems = new ArrayList<>();
        List<Policy> loaded = new ArrayList<>();
        files.forEach((file, text) -> {
            PolicyLoader.Loaded result = new PolicyLoader(file).load(text);
            problems.addAll(result.problems());
            if (result.policy() != null) {
                loaded.add(result.policy());
            }
        });
        if (!problems.isEmpty()) {
            throw new PolicyRejectedException(problems);
        }
        return new PolicyPack(loaded);
    }

    public List<Policy> policies() {
        return policies;
    }

    public Optional<Policy> policy(String id) {
        return policies.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * The result of one embedded example.
     *
     * @param policy  the policy it belongs to
     * @param example the example
     * @param failure why it failed, or {@code null} when it passed
     */
    public record ExampleResult(Policy policy, PolicyExample example, String failure) {

        public boolean passed() {
            return failure == null;
        }

        Optional<PolicyProblem> problem() {
            return passed()
                    ? Optional.empty()
                    : Optional.of(new PolicyProblem(
                            policy.file(), example.line(), 1, "example '" + example.name() + "' fails: " + failure));
        }
    }

    /** Runs every embedded example of every policy. */
    public List<ExampleResult> runExamples() {
        List<ExampleResult> results = new ArrayList<>();
        for (Policy policy : policies) {
            for (PolicyExample example : policy.examples()) {
                results.add(new ExampleResult(policy, example, failure(policy, example)));
            }
        }
        return results;
    }

    private String failure(Policy policy, PolicyExample example) {
        try {
            Optional<Period> period = period(policy, example);
            if (period.isEmpty() || !policy.inForce(period.get())) {
                return example.inForce() ? "the policy makes no decision for " + example.period() : null;
            }
            if (!example.inForce()) {
                return "expected no decision for " + example.period() + " but the policy is in force";
            }
            Evaluation evaluation = PolicyEngine.evaluate(policy, example.facts(), period.get());
            List<String> wrong = new ArrayList<>();
            if (evaluation.outcome() != example.outcome()) {
                wrong.add("outcome " + evaluation.outcome() + ", expected " + example.outcome()
                        + (evaluation.failingClauses().isEmpty()
                                ? ""
                                : " (failing: " + evaluation.failingClauses() + ")")
                        + (evaluation.missingFacts().isEmpty() ? "" : " (missing: " + evaluation.missingFacts() + ")"));
            }
            if (example.amount() != null
                    && (evaluation.amount() == null || evaluation.amount().compareTo(example.amount()) != 0)) {
                wrong.add("amount " + evaluation.amount() + ", expected "
                        + example.amount().toPlainString());
            }
            if (!example.failing().isEmpty() && !evaluation.failingClauses().equals(example.failing())) {
                wrong.add("failing clauses " + evaluation.failingClauses() + ", expected " + example.failing());
            }
            for (String word : example.missing()) {
                if (evaluation.missingFacts().stream().noneMatch(m -> m.contains(word))) {
                    wrong.add("missing facts " + evaluation.missingFacts() + " do not mention '" + word + "'");
                }
            }
            if (example.group() != null) {
                wrong.addAll(groupFailure(policy, example, period.get(), evaluation));
            }
            return wrong.isEmpty() ? null : String.join("; ", wrong);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private List<String> groupFailure(Policy policy, PolicyExample example, Period period, Evaluation evaluation) {
        if (policy.exclusiveGroup().isEmpty()) {
            return List.of("expects a group result but the policy has no exclusiveGroup");
        }
        String group = policy.exclusiveGroup().get().id();
        List<Evaluation> members = new ArrayList<>(List.of(evaluation));
        for (Policy other : policies) {
            if (other != policy
                    && other.exclusiveGroup().map(g -> g.id().equals(group)).orElse(false)
                    && other.inForce(period)) {
                members.add(PolicyEngine.evaluate(other, example.facts(), period, false));
            }
        }
        if (members.size() < 2) {
            return List.of("no other policy of group " + group + " is loaded with this one");
        }
        boolean wins = ExclusiveGroups.resolve(members).granted().contains(evaluation);
        String actual = wins ? "WINS" : "SUPERSEDED";
        return actual.equals(example.group())
                ? List.of()
                : List.of("group result " + actual + ", expected " + example.group());
    }

    private static Optional<Period> period(Policy policy, PolicyExample example) {
        if (example.period().equals("ONCE")) {
            return policy.oncePeriod(example.facts());
        }
        return Optional.of(Period.parse(example.period()));
    }

    private static Map<String, String> read(List<Path> paths) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Path path : paths) {
            try {
                files.put(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read policy file " + path, e);
            }
        }
        return files;
    }

    static String resource(String name) {
        try (InputStream in = PolicyPack.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
