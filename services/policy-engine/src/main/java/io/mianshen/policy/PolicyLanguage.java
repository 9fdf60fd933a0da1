package io.mianshen.policy;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.RatingFact;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The CEL dialect of policy files: the standard language plus an exact {@code decimal} type for money
 * and rates (arithmetic and comparison operators, {@code min}, {@code max}, {@code decimal("1.00")}),
 * typed fact variables, and functions over certificates and ratings that read the facts of the
 * evaluation running on the thread ({@link #withFacts}).
 * There is no division: a formula cannot introduce a rounding of its own. Resource limits bound every
 * evaluation.
 */
final class PolicyLanguage {

    static final OpaqueType DECIMAL = OpaqueType.create("decimal");

    /** Most iterations of all comprehensions in one evaluation. */
    static final int MAX_COMPREHENSION_ITERATIONS = 10_000;
    /** Longest expression, in code points. */
    static final int MAX_EXPRESSION_LENGTH = 4_000;
    /** Deepest nesting of comprehensions (exists, all, map, filter) refused at load. */
    static final int MAX_COMPREHENSION_NESTING = 2;

    static final CelOptions OPTIONS = CelOptions.current()
            .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
            .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
            .maxParseRecursionDepth(64)
            .errorOnIntWrap(true)
            .enableHeterogeneousNumericComparisons(true)
            .build();

    /** The functions that read facts, bound per evaluation, with the fact group each reads. */
    enum FactFunction {
        VALID_IN_YEAR(
                "validInYear",
                "valid_in_year",
                FactGroup.CERTIFICATES,
                "validInYear(kind, year): a certificate of kind valid on at least one date of year",
                SimpleType.STRING,
                SimpleType.INT),
        VALID_ON(
                "validOn",
                "valid_on",
                FactGroup.CERTIFICATES,
                "validOn(kind, 'YYYY-MM-DD'): a certificate of kind valid on that date",
                SimpleType.STRING,
                SimpleType.STRING),
        FIRST_REVOKED_WITHIN_YEARS(
                "firstRevokedWithinYears",
                "first_revoked_within_years",
                FactGroup.CERTIFICATES,
                "firstRevokedWithinYears(kind, years): the first certificate of kind was revoked within years of its issue",
                SimpleType.STRING,
                SimpleType.INT),
        HAS_RATING(
                "hasRating",
                "has_rating",
                FactGroup.RATINGS,
                "hasRating(year, rating): a tax credit rating of that grade is on record for year",
                SimpleType.INT,
                SimpleType.STRING);

        final String function;
        final String overloadId;
        final FactGroup group;
        final String description;
        final CelType[] parameters;

        FactFunction(String function, String overloadId, FactGroup group, String description, CelType... parameters) {
            this.function = function;
            this.overloadId = overloadId;
            this.group = group;
            this.description = description;
            this.parameters = parameters;
        }

        static FactFunction byOverloadId(String overloadId) {
            for (FactFunction function : values()) {
                if (function.overloadId.equals(overloadId)) {
                    return function;
                }
            }
            return null;
        }
    }

    /** While an amount is explained, the decimal operations write each step here. */
    private static final ThreadLocal<List<String>> STEPS = new ThreadLocal<>();

    private static final List<CelFunctionDecl> DECLARATIONS = declarations();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.plannerRuntimeBuilder()
            .setOptions(OPTIONS)
            .addFunctionBindings(decimalBindings())
            .addFunctionBindings(factFunctionBindings())
            .build();

    private PolicyLanguage() {}

    static CelRuntime runtime() {
        return RUNTIME;
    }

    /** A compiler knowing the fact variables plus {@code extraVariables} (parameters, derived values). */
    static CelCompiler compiler(Map<String, CelType> extraVariables, CelType resultType) {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addFunctionDeclarations(DECLARATIONS)
                .setResultType(resultType);
        for (FactVariable variable : FactVariable.values()) {
            builder.addVar(variable.variableName(), variable.type());
        }
        extraVariables.forEach(builder::addVar);
        return builder.build();
    }

    /**
     * The facts the fact functions read, and who hears what they consulted ({@code null}: nobody, so
     * nothing is recorded); set for one evaluation on its thread.
     */
    record Context(FactsSnapshot facts, Consumer<FactRead> consulted) {

        void consulted(CertificateFact certificate) {
            if (consulted != null) {
                consulted.accept(FactRead.of(certificate));
            }
        }

        void consulted(RatingFact rating) {
            if (consulted != null) {
                consulted.accept(FactRead.of(rating));
            }
        }
    }

    private static final ThreadLocal<Context> CONTEXT = new ThreadLocal<>();

    /** Runs {@code work} with the fact functions reading {@code context}. */
    static <T> T withFacts(Context context, java.util.function.Supplier<T> work) {
        Context previous = CONTEXT.get();
        CONTEXT.set(context);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CONTEXT.remove();
            } else {
                CONTEXT.set(previous);
            }
        }
    }

    private static List<CelFunctionBinding> factFunctionBindings() {
        return List.of(
                CelFunctionBinding.from(
                        FactFunction.VALID_IN_YEAR.overloadId, String.class, Long.class, (kind, year) -> {
                            Context context = CONTEXT.get();
                            boolean valid = false;
                            for (CertificateFact certificate : context.facts().certificates()) {
                                if (certificate.kind().equals(kind)) {
                                    context.consulted(certificate);
                                    valid |= certificate.validInYear(Math.toIntExact(year));
                                }
                            }
                            return valid;
                        }),
                CelFunctionBinding.from(FactFunction.VALID_ON.overloadId, String.class, String.class, (kind, date) -> {
                    Context context = CONTEXT.get();
                    LocalDate day = LocalDate.parse(date);
                    boolean valid = false;
                    for (CertificateFact certificate : context.facts().certificates()) {
                        if (certificate.kind().equals(kind)) {
                            context.consulted(certificate);
                            valid |= certificate.validOn(day);
                        }
                    }
                    return valid;
                }),
                CelFunctionBinding.from(
                        FactFunction.FIRST_REVOKED_WITHIN_YEARS.overloadId, String.class, Long.class, (kind, years) -> {
                            Context context = CONTEXT.get();
                            return context.facts()
                                    .firstCertificate(kind)
                                    .map(first -> {
                                        context.consulted(first);
                                        return first.revokedWithinYears(Math.toIntExact(years));
                                    })
                                    .orElse(false);
                        }),
                CelFunctionBinding.from(
                        FactFunction.HAS_RATING.overloadId, Long.class, String.class, (year, rating) -> {
                            Context context = CONTEXT.get();
                            boolean found = false;
                            for (RatingFact fact : context.facts().ratings()) {
                                if (fact.year() == year) {
                                    context.consulted(fact);
                                    found |= fact.rating().equals(rating);
                                }
                            }
                            return found;
                        }));
    }

    private static List<CelFunctionDecl> declarations() {
        CelType bool = SimpleType.BOOL;
        List<CelFunctionDecl> declarations = new java.util.ArrayList<>(List.of(
                operator("_+_", "add_decimal", DECIMAL),
                operator("_-_", "subtract_decimal", DECIMAL),
                operator("_*_", "multiply_decimal", DECIMAL),
                CelFunctionDecl.newFunctionDeclaration(
                        "_*_",
                        CelOverloadDecl.newGlobalOverload("multiply_decimal_int", DECIMAL, DECIMAL, SimpleType.INT)),
                CelFunctionDecl.newFunctionDeclaration(
                        "-_", CelOverloadDecl.newGlobalOverload("negate_decimal", DECIMAL, DECIMAL)),
                operator("_<_", "less_decimal", bool),
                operator("_<=_", "less_equals_decimal", bool),
                operator("_>_", "greater_decimal", bool),
                operator("_>=_", "greater_equals_decimal", bool),
                operator("min", "min_decimal", DECIMAL),
                operator("max", "max_decimal", DECIMAL),
                CelFunctionDecl.newFunctionDeclaration(
                        "decimal", CelOverloadDecl.newGlobalOverload("decimal_string", DECIMAL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration(
                        "decimal", CelOverloadDecl.newGlobalOverload("decimal_int", DECIMAL, SimpleType.INT))));
        for (FactFunction function : FactFunction.values()) {
            declarations.add(CelFunctionDecl.newFunctionDeclaration(
                    function.function,
                    CelOverloadDecl.newGlobalOverload(function.overloadId, SimpleType.BOOL, function.parameters)));
        }
        return List.copyOf(declarations);
    }

    private static CelFunctionDecl operator(String name, String overloadId, CelType result) {
        return CelFunctionDecl.newFunctionDeclaration(
                name, CelOverloadDecl.newGlobalOverload(overloadId, result, DECIMAL, DECIMAL));
    }

    /** Runs {@code work} recording each decimal operation it performs, and returns the steps. */
    static List<String> recordingSteps(Runnable work) {
        List<String> steps = new java.util.ArrayList<>();
        STEPS.set(steps);
        try {
            work.run();
        } finally {
            STEPS.remove();
        }
        return steps;
    }

    private static BigDecimal step(String operation, BigDecimal a, BigDecimal b, BigDecimal result) {
        List<String> steps = STEPS.get();
        if (steps != null) {
            steps.add(
                    operation.equals("min") || operation.equals("max")
                            ? operation + "(" + a.toPlainString() + ", " + b.toPlainString() + ") = "
                                    + result.toPlainString()
                            : a.toPlainString() + " " + operation + " " + b.toPlainString() + " = "
                                    + result.toPlainString());
        }
        return result;
    }

    private static List<CelFunctionBinding> decimalBindings() {
        return List.of(
                CelFunctionBinding.from(
                        "add_decimal", BigDecimal.class, BigDecimal.class, (a, b) -> step("+", a, b, a.add(b))),
                CelFunctionBinding.from(
                        "subtract_decimal",
                        BigDecimal.class,
                        BigDecimal.class,
                        (a, b) -> step("-", a, b, a.subtract(b))),
                CelFunctionBinding.from(
                        "multiply_decimal",
                        BigDecimal.class,
                        BigDecimal.class,
                        (a, b) -> step("×", a, b, a.multiply(b))),
                CelFunctionBinding.from(
                        "multiply_decimal_int",
                        BigDecimal.class,
                        Long.class,
                        (a, b) -> step("×", a, BigDecimal.valueOf(b), a.multiply(BigDecimal.valueOf(b)))),
                CelFunctionBinding.from("negate_decimal", BigDecimal.class, BigDecimal::negate),
                CelFunctionBinding.from(
                        "less_decimal", BigDecimal.class, BigDecimal.class, (a, b) -> a.compareTo(b) < 0),
                CelFunctionBinding.from(
                        "less_equals_decimal", BigDecimal.class, BigDecimal.class, (a, b) -> a.compareTo(b) <= 0),
                CelFunctionBinding.from(
                        "greater_decimal", BigDecimal.class, BigDecimal.class, (a, b) -> a.compareTo(b) > 0),
                CelFunctionBinding.from(
                        "greater_equals_decimal", BigDecimal.class, BigDecimal.class, (a, b) -> a.compareTo(b) >= 0),
                CelFunctionBinding.from(
                        "min_decimal", BigDecimal.class, BigDecimal.class, (a, b) -> step("min", a, b, a.min(b))),
                CelFunctionBinding.from(
                        "max_decimal", BigDecimal.class, BigDecimal.class, (a, b) -> step("max", a, b, a.max(b))),
                CelFunctionBinding.from("decimal_string", String.class, BigDecimal::new),
                CelFunctionBinding.from("decimal_int", Long.class, BigDecimal::valueOf));
    }
}
