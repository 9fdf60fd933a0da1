package io.mianshen.policy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML as SnakeYAML nodes so that every problem can name its line and column; collects the
 * problems instead of stopping at the first. A typed getter returns {@code null} after recording a
 * problem.
 */
final class YamlNodes {

    private static final Pattern MONEY = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]{1,2})?");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

    private final String file;
    private final List<PolicyProblem> problems = new ArrayList<>();

    YamlNodes(String file) {
        this.file = file;
    }

    List<PolicyProblem> problems() {
        return problems;
    }

    Node parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(1_000_000);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) {
                problems.add(new PolicyProblem(file, 0, 0, "the file is empty"));
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            problems.add(new PolicyProblem(
                    file,
                    mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1,
                    "not valid YAML: " + e.getProblem()));
            return null;
        } catch (RuntimeException e) {
            problems.add(new PolicyProblem(file, 0, 0, "not valid YAML: " + e.getMessage()));
            return null;
        }
    }

    void problem(Node node, String message) {
        problems.add(
                node == null || node.getStartMark() == null
                        ? new PolicyProblem(file, 0, 0, message)
                        : new PolicyProblem(
                                file,
                                node.getStartMark().getLine() + 1,
                                node.getStartMark().getColumn() + 1,
                                message));
    }

    void problemAt(Node node, int lineOffset, int column, String message) {
        int line = node.getStartMark().getLine() + 1 + lineOffset;
        problems.add(new PolicyProblem(file, line, column, message));
    }

    /**
     * The entries of a mapping, reporting keys outside {@code allowed} and missing {@code required} keys.
     * Returns an empty map (after a problem) when the node is not a mapping.
     */
    Map<String, Node> mapping(Node node, String what, Set<String> allowed, Set<String> required) {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            problem(node, what + " must be a mapping of keys to values");
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null) {
                problem(tuple.getKeyNode(), "keys of " + what + " must be plain names");
            } else if (!allowed.isEmpty() && !allowed.contains(key)) {
                problem(
                        tuple.getKeyNode(),
                        "unknown key '" + key + "' in " + what + "; allowed: "
                                + String.join(", ", new java.util.TreeSet<>(allowed)));
            } else {
                entries.put(key, tuple.getValueNode());
            }
        }
        for (String key : required) {
            if (!entries.containsKey(key) || isNull(entries.get(key))) {
                problem(node, what + " needs '" + key + "'");
            }
        }
        return entries;
    }

    /** The entries of a mapping whose keys are free names (parameters, derived values). */
    Map<String, Node> freeMapping(Node node, String what) {
        return mapping(node, what, Set.of(), Set.of());
    }

    List<Node> list(Node node, String what) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, what + " must be a list");
            return List.of();
        }
        return sequence.getValue();
    }

    static boolean isNull(Node node) {
        return node == null || Tag.NULL.equals(node.getTag());
    }

    String string(Node node, String what) {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, what + " must be a single value");
            return null;
        }
        return scalar.getValue();
    }

    String requiredString(Node node, String what) {
        String value = string(node, what);
        if (value == null || value.isBlank()) {
            if (!isNull(node) && node instanceof ScalarNode) {
                problem(node, what + " must not be empty");
            } else if (node != null) {
                problem(node, what + " is required");
            }
            return null;
        }
        return value;
    }

    Integer integer(Node node, String what) {
        String text = string(node, what);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            problem(node, what + " must be a whole number, found '" + text + "'");
            return null;
        }
    }

    Boolean bool(Node node, String what) {
        String text = string(node, what);
        if (text == null) {
            return null;
        }
        if (!text.equals("true") && !text.equals("false")) {
            problem(node, what + " must be true or false, found '" + text + "'");
            return null;
        }
        return Boolean.valueOf(text);
    }

    LocalDate date(Node node, String what) {
        String text = string(node, what);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problem(node, what + " must be a date YYYY-MM-DD, found '" + text + "'");
            return null;
        }
    }

    /** Money: a quoted decimal string of yuan with at most two decimals, never a YAML number. */
    BigDecimal money(Node node, String what) {
        return decimalText(
                node,
                what,
                MONEY,
                "money: a quoted decimal string of yuan with at most two decimals, e.g. \"1234.50\"");
    }

    /** An exact decimal, quoted, e.g. a rate "0.10". */
    BigDecimal decimal(Node node, String what) {
        return decimalText(node, what, DECIMAL, "an exact decimal in quotes, e.g. \"0.10\"");
    }

    private BigDecimal decimalText(Node node, String what, Pattern pattern, String rule) {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)
                || !Tag.STR.equals(scalar.getTag())
                || !pattern.matcher(scalar.getValue()).matches()) {
            String found = node instanceof ScalarNode scalar ? scalar.getValue() : "a " + node.getNodeId();
            problem(
                    node,
                    what + " must be " + rule + "; found " + found
                            + (node instanceof ScalarNode scalar && !Tag.STR.equals(scalar.getTag())
                                    ? " unquoted (binary floating point loses fen)"
                                    : ""));
            return null;
        }
        return new BigDecimal(scalar.getValue());
    }
}
