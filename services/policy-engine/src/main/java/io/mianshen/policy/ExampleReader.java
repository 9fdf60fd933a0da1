package io.mianshen.policy;

import io.mianshen.policy.facts.FactsSnapshot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code tests} of a policy file into {@link PolicyExample}s. */
final class ExampleReader {

    private final YamlNodes yaml;

    ExampleReader(YamlNodes yaml) {
        this.yaml = yaml;
    }

    List<PolicyExample> read(Node node, Map<Integer, Node> byLine) {
        List<PolicyExample> examples = new ArrayList<>();
        for (Node item : yaml.list(node, "tests")) {
            Map<String, Node> spec = yaml.mapping(
                    item,
                    "a test",
                    Set.of("name", "period", "facts", "expect"),
                    Set.of("name", "period", "facts", "expect"));
            String name = yaml.string(spec.get("name"), "test name");
            String period = yaml.string(spec.get("period"), "test period");
            FactsSnapshot facts = spec.get("facts") == null ? null : new FactsReader(yaml).facts(spec.get("facts"));
            Map<String, Node> expect = yaml.mapping(
                    spec.getOrDefault("expect", item),
                    "expect of test " + name,
                    Set.of("outcome", "amount", "failing", "missing", "group", "inForce"),
                    Set.of());
            Boolean inForce =
                    expect.containsKey("inForce") ? yaml.bool(expect.get("inForce"), "inForce") : Boolean.TRUE;
            Outcome outcome = null;
            String outcomeText = yaml.string(expect.get("outcome"), "outcome");
            if (outcomeText != null) {
                try {
                    outcome = Outcome.valueOf(outcomeText.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    yaml.problem(
                            expect.get("outcome"),
                            "outcome '" + outcomeText + "' is not ELIGIBLE, INELIGIBLE or UNDETERMINED");
                }
            } else if (Boolean.TRUE.equals(inForce)) {
                yaml.problem(item, "test " + name + " needs expect.outcome (or expect.inForce: false)");
            }
            BigDecimal amount = yaml.money(expect.get("amount"), "expected amount");
            List<String> failing = strings(expect.get("failing"), "failing");
            List<String> missing = strings(expect.get("missing"), "missing");
            String group = yaml.string(expect.get("group"), "group");
            if (group != null && !group.equals("WINS") && !group.equals("SUPERSEDED")) {
                yaml.problem(expect.get("group"), "group must be WINS or SUPERSEDED, found " + group);
            }
            int line = item.getStartMark().getLine() + 1;
            byLine.put(line, item);
            if (name != null && period != null && facts != null && inForce != null) {
                examples.add(new PolicyExample(
                        name, line, period, facts, outcome, inForce, amount, failing, missing, group));
            }
        }
        return examples;
    }

    private List<String> strings(Node node, String what) {
        List<String> values = new ArrayList<>();
        for (Node item : yaml.list(node, what)) {
            values.add(yaml.string(item, what));
        }
        return List.copyOf(values);
    }
}
