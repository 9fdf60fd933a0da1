package io.mianshen.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import io.mianshen.policy.facts.PeriodKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one policy file and checks it fully, listing every problem with its line and column: unknown
 * or missing keys, wrong types, parameter rows with gaps or overlaps, CEL that does not compile or
 * type-check against the fact model, facts read but not declared, comprehensions nested too deep.
 * The embedded examples are run by {@link PolicyPack}, which knows the other policies of a group.
 */
final class PolicyLoader {

    private static final Set<String> TOP_KEYS = Set.of(
            "id",
            "version",
            "title",
            "titleEn",
            "benefitKind",
            "period",
            "effectiveFrom",
            "effectiveTo",
            "legalBasis",
            "reads",
            "trigger",
            "parameters",
            "derived",
            "eligibility",
            "commonExclusions",
            "amount",
            "exclusiveGroup",
            "budget",
            "recovery",
            "publicity",
            "notice",
            "tests");
    private static final Set<String> TOP_REQUIRED = Set.of(
            "id",
            "version",
            "title",
            "titleEn",
            "benefitKind",
            "period",
            "effectiveFrom",
            "legalBasis",
            "reads",
            "eligibility",
            "amount",
            "notice",
            "tests");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final String file;
    private final YamlNodes yaml;

    PolicyLoader(String file) {
        this.file = file;
        this.yaml = new YamlNodes(file);
    }

    /** The policy, with its examples parsed but not yet run; or every problem found. */
    Loaded load(String text) {
        Node root = yaml.parse(text);
        if (root == null) {
            return new Loaded(null, yaml.problems(), Map.of());
        }
        Map<String, Node> top = yaml.mapping(root, "the policy", TOP_KEYS, TOP_REQUIRED);
        Policy.Header header = header(top);
        Map<String, Policy.Parameter> parameters = parameters(top.get("parameters"), header);

        Map<String, CelType> declared = new LinkedHashMap<>();
        Set<String> rateValues = new LinkedHashSet<>();
        parameters
                .values()
                .forEach(p -> declared.put("params." + p.name(), p.type().celType()));
        parameters.values().stream()
                .filter(p -> p.type() == ParameterType.RATE)
                .forEach(p -> rateValues.add("params." + p.name()));
        List<CompiledExpression> derived = new ArrayList<>();
        for (Map.Entry<String, Node> entry :
                yaml.freeMapping(orEmpty(top.get("derived")), "derived").entrySet()) {
            Map<String, Node> spec = yaml.mapping(
                    entry.getValue(),
                    "derived value " + entry.getKey(),
                    Set.of("expr", "description", "unit"),
                    Set.of("expr"));
            String unit = yaml.string(spec.get("unit"), "unit");
            if (unit != null && !unit.equals("MONEY") && !unit.equals("RATE")) {
                yaml.problem(
                        spec.get("unit"),
                        "unit of derived value " + entry.getKey() + " must be MONEY or RATE, found " + unit);
            } else if ("RATE".equals(unit)) {
                rateValues.add("derived." + entry.getKey());
            }
            if (!NAME.matcher(entry.getKey()).matches()) {
                yaml.problem(
                        entry.getValue(), "derived value name '" + entry.getKey() + "' must be a lowerCamelCase word");
            }
            CompiledExpression compiled = compile("derived." + entry.getKey(), spec.get("expr"), declared, null);
            if (compiled != null) {
                derived.add(compiled);
                declared.put(compiled.name(), compiled.type());
            }
        }

        List<Policy.Clause> clauses = new ArrayList<>();
        List<CompiledExpression> compiledClauses = new ArrayList<>();
        if (header != null && header.commonExclusions()) {
            addCommonExclusions(clauses, compiledClauses, declared);
        }
        Set<String> clauseIds = new LinkedHashSet<>();
        List<Node> eligibility = yaml.list(top.get("eligibility"), "eligibility");
        if (top.containsKey("eligibility") && eligibility.isEmpty()) {
            yaml.problem(top.get("eligibility"), "eligibility needs at least one clause");
        }
        for (Node node : eligibility) {
            Map<String, Node> spec = yaml.mapping(
                    node, "an eligibility clause", Set.of("id", "when", "reason"), Set.of("id", "when", "reason"));
            String clauseId = yaml.requiredString(spec.get("id"), "clause id");
            if (clauseId != null && !clauseIds.add(clauseId)) {
                yaml.problem(spec.get("id"), "clause id '" + clauseId + "' is used twice");
            }
            Map<String, Node> reason = yaml.mapping(
                    orEmpty(spec.get("reason")),
                    "reason of clause " + clauseId,
                    Set.of("zh", "en"),
                    Set.of("zh", "en"));
            CompiledExpression compiled = compile(clauseId, spec.get("when"), declared, SimpleType.BOOL);
            if (compiled != null && clauseId != null) {
                clauses.add(new Policy.Clause(
                        clauseId,
                        compiled.text(),
                        yaml.string(reason.get("zh"), "reason zh"),
                        yaml.string(reason.get("en"), "reason en")));
                compiledClauses.add(compiled);
            }
        }

        Map<String, Node> amountSpec = yaml.mapping(
                orEmpty(top.get("amount")), "amount", Set.of("formula", "rounding"), Set.of("formula", "rounding"));
        String rounding = yaml.string(amountSpec.get("rounding"), "amount rounding");
        if (rounding != null && !rounding.equals("HALF_UP")) {
            yaml.problem(
                    amountSpec.get("rounding"),
                    "amount rounding must be HALF_UP (to the fen, once, at the end); found " + rounding);
        }
        CompiledExpression amount = compile("amount", amountSpec.get("formula"), declared, PolicyLanguage.DECIMAL);

        List<CompiledExpression> all = new ArrayList<>(derived);
        all.addAll(compiledClauses);
        if (amount != null) {
            all.add(amount);
        }
        if (header != null) {
            checkReads(header, all, top.get("reads"));
        }
        Map<Integer, Node> exampleNodes = new LinkedHashMap<>();
        List<PolicyExample> examples = new ExampleReader(yaml).read(top.get("tests"), exampleNodes);
        if (top.containsKey("tests") && examples.isEmpty() && yaml.problems().isEmpty()) {
            yaml.problem(top.get("tests"), "a policy needs at least one embedded example");
        }
        if (!yaml.problems().isEmpty() || header == null || amount == null) {
            return new Loaded(null, yaml.problems(), exampleNodes);
        }
        return new Loaded(
                new Policy(header, parameters, derived, clauses, compiledClauses, amount, examples, rateValues),
                List.of(),
                exampleNodes);
    }

    /**
     * The outcome of loading one file.
     *
     * @param policy       the policy, or {@code null} when there are problems
     * @param problems     every problem found
     * @param exampleNodes the examples' nodes by line, to place their failures
     */
    record Loaded(Policy policy, List<PolicyProblem> problems, Map<Integer, Node> exampleNodes) {}

    private Policy.Header header(Map<String, Node> top) {
        String id = yaml.requiredString(top.get("id"), "id");
        if (id != null && !ID.matcher(id).matches()) {
            yaml.problem(
                    top.get("id"), "id '" + id + "' must be lower-case words joined by hyphens, e.g. rd-post-subsidy");
        }
        Integer version = yaml.integer(top.get("version"), "version");
        if (version != null && version < 1) {
            yaml.problem(top.get("version"), "version must be 1 or more");
        }
        String title = yaml.requiredString(top.get("title"), "title");
        String titleEn = yaml.requiredString(top.get("titleEn"), "titleEn");
        Policy.BenefitKind kind = enumValue(top.get("benefitKind"), "benefitKind", Policy.BenefitKind.class);
        PeriodKind periodKind = enumValue(top.get("period"), "period", PeriodKind.class);
        LocalDate from = yaml.date(top.get("effectiveFrom"), "effectiveFrom");
        LocalDate to = yaml.date(top.get("effectiveTo"), "effectiveTo");
        if (from != null && to != null && to.isBefore(from)) {
            yaml.problem(top.get("effectiveTo"), "effectiveTo " + to + " is before effectiveFrom " + from);
        }
        Map<String, Node> basis = yaml.mapping(
                orEmpty(top.get("legalBasis")),
                "legalBasis",
                Set.of("document", "article", "quote", "url", "related"),
                Set.of("document", "article", "quote"));
        List<String> related = new ArrayList<>();
        for (Node node : yaml.list(basis.get("related"), "legalBasis related")) {
            related.add(yaml.string(node, "related document"));
        }
        Policy.LegalBasis legalBasis = new Policy.LegalBasis(
                yaml.string(basis.get("document"), "document"),
                yaml.string(basis.get("article"), "article"),
                yaml.string(basis.get("quote"), "quote"),
                yaml.string(basis.get("url"), "url"),
                List.copyOf(related));
        Set<FactGroup> reads = EnumSet.noneOf(FactGroup.class);
        for (Node node : yaml.list(top.get("reads"), "reads")) {
            FactGroup group = enumValue(node, "reads", FactGroup.class);
            if (group != null) {
                reads.add(group);
            }
        }
        String trigger = null;
        if (top.get("trigger") != null) {
            Map<String, Node> spec =
                    yaml.mapping(top.get("trigger"), "trigger", Set.of("firstCertificate"), Set.of("firstCertificate"));
            trigger = yaml.string(spec.get("firstCertificate"), "trigger firstCertificate");
        }
        if (periodKind == PeriodKind.ONCE && trigger == null) {
            yaml.problem(
                    top.get("period"),
                    "a ONCE policy needs a trigger, e.g. trigger: {firstCertificate: HIGH_TECH_ENTERPRISE}");
        }
        Policy.ExclusiveGroup group = null;
        if (top.get("exclusiveGroup") != null) {
            Map<String, Node> spec = yaml.mapping(
                    top.get("exclusiveGroup"), "exclusiveGroup", Set.of("id", "rank"), Set.of("id", "rank"));
            String groupId = yaml.string(spec.get("id"), "exclusiveGroup id");
            Integer rank = yaml.integer(spec.get("rank"), "exclusiveGroup rank");
            group = groupId == null || rank == null ? null : new Policy.ExclusiveGroup(groupId, rank);
        }
        BigDecimal budget = null;
        if (top.get("budget") != null) {
            Map<String, Node> spec =
                    yaml.mapping(top.get("budget"), "budget", Set.of("perPeriod", "reference"), Set.of("perPeriod"));
            budget = yaml.money(spec.get("perPeriod"), "budget perPeriod");
        }
        Policy.Recovery recovery = top.get("recovery") == null
                ? Policy.Recovery.FULL_AMOUNT
                : enumValue(top.get("recovery"), "recovery", Policy.Recovery.class);
        boolean cashLike = kind == Policy.BenefitKind.CASH_SUBSIDY || kind == Policy.BenefitKind.VOUCHER;
        Boolean common = top.get("commonExclusions") == null
                ? Boolean.valueOf(cashLike)
                : yaml.bool(top.get("commonExclusions"), "commonExclusions");
        if (Boolean.TRUE.equals(common)) {
            reads.add(FactGroup.DEREGISTRATIONS);
            reads.add(FactGroup.LISTINGS);
        }
        Integer publicity = publicity(top.get("publicity"), cashLike);
        Map<String, Node> notice =
                yaml.mapping(orEmpty(top.get("notice")), "notice", Set.of("zh", "en"), Set.of("zh", "en"));
        Policy.NoticeTemplate template = new Policy.NoticeTemplate(
                yaml.string(notice.get("zh"), "notice zh"), yaml.string(notice.get("en"), "notice en"));
        if (id == null
                || version == null
                || kind == null
                || periodKind == null
                || from == null
                || recovery == null
                || common == null) {
            return null;
        }
        return new Policy.Header(
                file,
                id,
                version,
                title,
                titleEn,
                kind,
                periodKind,
                from,
                to,
                legalBasis,
                reads,
                trigger,
                group,
                budget,
                recovery,
                common,
                publicity,
                template);
    }

    /**
     * {@code publicity: none} (or no key) or {@code publicity: {workingDays: N}}, 1 to 30: how long a grant is
     * published (公示) before it is final; only cash benefits and vouchers are published.
     */
    private Integer publicity(Node node, boolean cashLike) {
        if (node == null || YamlNodes.isNull(node)) {
            return null;
        }
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
            if (!"none".equals(yaml.string(node, "publicity"))) {
                yaml.problem(node, "publicity is none or {workingDays: N}");
            }
            return null;
        }
        Map<String, Node> spec = yaml.mapping(node, "publicity", Set.of("workingDays"), Set.of("workingDays"));
        Integer days = yaml.integer(spec.get("workingDays"), "publicity workingDays");
        if (days != null && (days < 1 || days > 30)) {
            yaml.problem(spec.get("workingDays"), "publicity workingDays must be 1 to 30, not " + days);
            return null;
        }
        if (days != null && !cashLike) {
            yaml.problem(
                    node,
                    "publicity is for cash benefits and vouchers; a tax benefit is not published (publicity: none)");
            return null;
        }
        return days;
    }

    private Map<String, Policy.Parameter> parameters(Node node, Policy.Header header) {
        Map<String, Policy.Parameter> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry :
                yaml.freeMapping(orEmpty(node), "parameters").entrySet()) {
            String name = entry.getKey();
            if (!NAME.matcher(name).matches()) {
                yaml.problem(entry.getValue(), "parameter name '" + name + "' must be a lowerCamelCase word");
            }
            Map<String, Node> spec = yaml.mapping(
                    entry.getValue(),
                    "parameter " + name,
                    Set.of("type", "description", "reference", "values"),
                    Set.of("type", "values"));
            ParameterType type = enumValue(spec.get("type"), "type of parameter " + name, ParameterType.class);
            List<Policy.Row> rows = new ArrayList<>();
            List<Node> rowNodes = yaml.list(spec.get("values"), "values of parameter " + name);
            for (Node rowNode : rowNodes) {
                Map<String, Node> row = yaml.mapping(
                        rowNode,
                        "a value row of " + name,
                        Set.of("from", "to", "value", "note"),
                        Set.of("from", "value"));
                LocalDate from = yaml.date(row.get("from"), "from");
                LocalDate to = yaml.date(row.get("to"), "to");
                Object value = type == null ? null : value(row.get("value"), type, name);
                // a row with a bad value stays for the gap and overlap checks, so one mistake is reported once
                if (from != null) {
                    if (to != null && to.isBefore(from)) {
                        yaml.problem(
                                row.get("to"), "row of " + name + " ends (" + to + ") before it starts (" + from + ")");
                    }
                    rows.add(new Policy.Row(from, to, value));
                }
            }
            if (rowNodes.isEmpty() && spec.containsKey("values")) {
                yaml.problem(spec.get("values"), "parameter " + name + " needs at least one value row");
            }
            rows = checkRows(name, rows, rowNodes, header).stream()
                    .filter(r -> r.value() != null)
                    .toList();
            if (type != null) {
                parameters.put(
                        name,
                        new Policy.Parameter(
                                name,
                                type,
                                yaml.string(spec.get("description"), "description"),
                                yaml.string(spec.get("reference"), "reference"),
                                List.copyOf(rows)));
            }
        }
        return parameters;
    }

    /** Rows in date order, each starting the day after the previous ends: no gap, no overlap, covering the policy's dates. */
    private List<Policy.Row> checkRows(String name, List<Policy.Row> rows, List<Node> nodes, Policy.Header header) {
        List<Policy.Row> closed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Policy.Row row = rows.get(i);
            Node node = i < nodes.size() ? nodes.get(i) : null;
            if (i + 1 < rows.size()) {
                Policy.Row next = rows.get(i + 1);
                if (!next.from().isAfter(row.from())) {
                    yaml.problem(
                            nodes.get(i + 1),
                            "rows of " + name + " overlap: a row from " + next.from() + " follows a row from "
                                    + row.from() + "; rows must be in date order without overlap");
                } else if (row.to() != null && !row.to().plusDays(1).equals(next.from())) {
                    yaml.problem(
                            nodes.get(i + 1),
                            row.to().isBefore(next.from())
                                    ? "gap in " + name + ": no value from "
                                            + row.to().plusDays(1) + " to "
                                            + next.from().minusDays(1)
                                    : "rows of " + name + " overlap from " + next.from() + " to " + row.to());
                }
                closed.add(new Policy.Row(
                        row.from(), row.to() != null ? row.to() : next.from().minusDays(1), row.value()));
            } else {
                closed.add(row);
                if (header != null
                        && row.to() != null
                        && (header.effectiveTo() == null || row.to().isBefore(header.effectiveTo()))) {
                    yaml.problem(
                            node,
                            "gap in " + name + ": no value after " + row.to() + " while the policy is still in force");
                }
            }
        }
        if (header != null && !rows.isEmpty() && rows.get(0).from().isAfter(header.effectiveFrom())) {
            yaml.problem(
                    nodes.get(0),
                    "gap in " + name + ": no value from effectiveFrom " + header.effectiveFrom() + " to "
                            + rows.get(0).from().minusDays(1));
        }
        return closed;
    }

    private Object value(Node node, ParameterType type, String name) {
        String what = "value of " + name;
        return switch (type) {
            case MONEY -> yaml.money(node, what);
            case RATE -> yaml.decimal(node, what);
            case INT -> yaml.integer(node, what) == null ? null : Long.valueOf(yaml.integer(node, what));
            case STRING -> yaml.string(node, what);
            case BOOL -> yaml.bool(node, what);
            case STRINGS -> {
                List<String> values = new ArrayList<>();
                for (Node item : yaml.list(node, what)) {
                    values.add(yaml.string(item, what));
                }
                yield List.copyOf(values);
            }
        };
    }

    private void addCommonExclusions(
            List<Policy.Clause> clauses, List<CompiledExpression> compiled, Map<String, CelType> declared) {
        Policy.Clause[] common = {
            new Policy.Clause("not-deregistered", "!enterprise.deregistered", "无注销登记记录", "no deregistration on record"),
            new Policy.Clause(
                    "not-seriously-dishonest",
                    "!enterprise.seriouslyDishonest",
                    "未列入严重失信主体名单（期间内或至今）",
                    "not listed as seriously dishonest during the period or since")
        };
        for (Policy.Clause clause : common) {
            CompiledExpression expression =
                    compileText(clause.id(), clause.expression(), declared, SimpleType.BOOL, null);
            clauses.add(clause);
            compiled.add(expression);
        }
    }

    private CompiledExpression compile(String name, Node node, Map<String, CelType> declared, CelType resultType) {
        String text = yaml.requiredString(node, "expression " + name);
        return text == null ? null : compileText(name, text, declared, resultType, node);
    }

    private CompiledExpression compileText(
            String name, String text, Map<String, CelType> declared, CelType resultType, Node node) {
        CelValidationResult result = PolicyLanguage.compiler(declared, resultType == null ? SimpleType.DYN : resultType)
                .compile(text);
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                String message = issue.getMessage() + hint(issue, text, declared);
                placeIssue(node, issue, name + ": " + message);
            }
            return null;
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            int nesting = comprehensionNesting(ast);
            if (nesting > PolicyLanguage.MAX_COMPREHENSION_NESTING) {
                yaml.problem(
                        node,
                        name + ": comprehensions nested " + nesting + " deep; at most "
                                + PolicyLanguage.MAX_COMPREHENSION_NESTING
                                + " are allowed, so that no policy can run away");
                return null;
            }
            Set<String> variables = new LinkedHashSet<>();
            Set<PolicyLanguage.FactFunction> functions = EnumSet.noneOf(PolicyLanguage.FactFunction.class);
            for (CelReference reference : ast.getReferenceMap().values()) {
                if (!reference.name().isEmpty()) {
                    variables.add(reference.name());
                }
                for (String overload : reference.overloadIds()) {
                    PolicyLanguage.FactFunction function = PolicyLanguage.FactFunction.byOverloadId(overload);
                    if (function != null) {
                        functions.add(function);
                    }
                }
            }
            return new CompiledExpression(
                    name,
                    text,
                    PolicyLanguage.runtime().createProgram(ast),
                    Set.copyOf(variables),
                    Set.copyOf(functions),
                    ast.getResultType());
        } catch (CelValidationException | CelEvaluationException e) {
            yaml.problem(node, name + ": " + e.getMessage());
            return null;
        }
    }

    private void placeIssue(Node node, CelIssue issue, String message) {
        if (node == null) {
            yaml.problem(null, message);
            return;
        }
        int celLine = Math.max(1, issue.getSourceLocation().getLine());
        int celColumn = Math.max(0, issue.getSourceLocation().getColumn());
        ScalarNode scalar = (ScalarNode) node;
        boolean block = scalar.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
                || scalar.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED;
        if (block) {
            yaml.problemAt(node, celLine, node.getStartMark().getColumn() + 3 + celColumn, message);
        } else {
            boolean quoted = scalar.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN;
            yaml.problemAt(
                    node, celLine - 1, node.getStartMark().getColumn() + 1 + (quoted ? 1 : 0) + celColumn, message);
        }
    }

    /** For an undeclared name, the nearest declared one. */
    private static String hint(CelIssue issue, String text, Map<String, CelType> declared) {
        if (!issue.getMessage().contains("undeclared reference")) {
            return "";
        }
        int offset = offsetOf(
                text,
                issue.getSourceLocation().getLine(),
                issue.getSourceLocation().getColumn());
        Matcher matcher = REFERENCE.matcher(text);
        String written = null;
        while (matcher.find()) {
            if (matcher.start() <= offset && offset < matcher.end()) {
                written = matcher.group();
            }
        }
        if (written == null) {
            return "";
        }
        List<String> known = new ArrayList<>(declared.keySet());
        for (FactVariable variable : FactVariable.values()) {
            known.add(variable.variableName());
        }
        for (PolicyLanguage.FactFunction function : PolicyLanguage.FactFunction.values()) {
            known.add(function.function);
        }
        String target = written;
        String nearest = known.stream()
                .min(java.util.Comparator.comparingInt(k -> distance(k, target)))
                .orElse(null);
        return nearest != null && distance(nearest, written) <= 3
                ? " ('" + written + "': did you mean '" + nearest + "'?)"
                : " ('" + written + "' is not a fact, parameter or derived value of this policy)";
    }

    private static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line && offset >= 0; l++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return Math.max(0, offset) + column;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static int comprehensionNesting(CelAbstractSyntaxTree ast) {
        return CelNavigableAst.fromAst(ast)
                .getRoot()
                .allNodes()
                .filter(n -> n.expr().getKind() == CelExpr.ExprKind.Kind.COMPREHENSION)
                .mapToInt(PolicyLoader::comprehensionDepth)
                .max()
                .orElse(0);
    }

    private static int comprehensionDepth(CelNavigableExpr node) {
        int depth = 0;
        for (CelNavigableExpr at = node; at != null; at = at.parent().orElse(null)) {
            if (at.expr().getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
                depth++;
            }
        }
        return depth;
    }

    private void checkReads(Policy.Header header, List<CompiledExpression> expressions, Node readsNode) {
        Set<FactGroup> used = EnumSet.noneOf(FactGroup.class);
        for (CompiledExpression expression : expressions) {
            for (String variable : expression.variables()) {
                FactVariable fact = FactVariable.byName(variable);
                if (fact != null && fact.group() != null) {
                    used.add(fact.group());
                }
            }
            expression.functions().forEach(f -> used.add(f.group));
        }
        if (header.triggerCertificate() != null) {
            used.add(FactGroup.CERTIFICATES);
        }
        Set<FactGroup> undeclared = EnumSet.copyOf(used.isEmpty() ? EnumSet.noneOf(FactGroup.class) : used);
        undeclared.removeAll(header.reads());
        if (!undeclared.isEmpty()) {
            yaml.problem(readsNode, "the policy reads " + undeclared + " but does not declare it under reads");
        }
    }

    private <E extends Enum<E>> E enumValue(Node node, String what, Class<E> type) {
        String text = yaml.string(node, what);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).equals(text) ? text : "?");
        } catch (IllegalArgumentException e) {
            yaml.problem(
                    node, what + " '" + text + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    private static Node orEmpty(Node node) {
        return node == null
                ? new org.yaml.snakeyaml.nodes.MappingNode(
                        org.yaml.snakeyaml.nodes.Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.AUTO)
                : node;
    }
}
