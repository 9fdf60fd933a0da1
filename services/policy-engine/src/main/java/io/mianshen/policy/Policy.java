package io.mianshen.policy;

import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.PeriodKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of a policy, loaded from its YAML file and checked: identity, legal basis, dated
 * parameters, named eligibility clauses, the amount formula and its embedded examples. Immutable.
 */
public final class Policy {

    /** What kind of benefit a policy gives. */
    public enum BenefitKind {
        CASH_SUBSIDY,
        TAX_DEDUCTION,
        TAX_SAVING,
        VOUCHER
    }

    /** What a revocation asks back. */
    public enum Recovery {
        /** The whole granted amount. */
        FULL_AMOUNT,
        /** Nothing. */
        NONE
    }

    /**
     * Where the policy comes from in law.
     *
     * @param document document number, e.g. 鲁科字〔2023〕16号
     * @param article  article, e.g. 19
     * @param quote    the quoted text
     * @param url      where to read it, if any
     * @param related  other documents it rests on
     */
    public record LegalBasis(String document, String article, String quote, String url, List<String> related) {}

    /**
     * A parameter whose value changes with dates.
     *
     * @param name        its name ({@code params.<name>} in expressions)
     * @param type        its type
     * @param description what it is
     * @param reference   its own legal reference, if any
     * @param rows        the dated values, in order, without gap or overlap
     */
    public record Parameter(String name, ParameterType type, String description, String reference, List<Row> rows) {

        /** The row in force on {@code date}. */
        public Optional<Row> rowOn(LocalDate date) {
            return Optional.ofNullable(rowAt(date));
        }

        Row rowAt(LocalDate date) {
            for (Row row : rows) {
                if (!date.isBefore(row.from()) && (row.to() == null || !date.isAfter(row.to()))) {
                    return row;
                }
            }
            return null;
        }
    }

    /**
     * A dated value.
     *
     * @param from  first day in force
     * @param to    last day in force, {@code null} when open-ended
     * @param value the value: BigDecimal, Long, String, Boolean or a list of strings
     */
    public record Row(LocalDate from, LocalDate to, Object value) {}

    /**
     * A named eligibility clause.
     *
     * @param id         its name
     * @param expression CEL, of type bool
     * @param reasonZh   what it means, Chinese, for explanations and notices
     * @param reasonEn   the same in English
     */
    public record Clause(String id, String expression, String reasonZh, String reasonEn) {}

    /**
     * Membership of an exclusive group (就高不重复).
     *
     * @param id   the group
     * @param rank order in the group: on equal amounts the lower rank wins
     */
    public record ExclusiveGroup(String id, int rank) {}

    /**
     * A sentence template for notices, with {@code {name}} placeholders.
     *
     * @param zh Chinese
     * @param en English
     */
    public record NoticeTemplate(String zh, String en) {}

    private final String file;
    private final String id;
    private final int version;
    private final String title;
    private final String titleEn;
    private final BenefitKind benefitKind;
    private final PeriodKind periodKind;
    private final LocalDate effectiveFrom;
    private final LocalDate effectiveTo;
    private final LegalBasis legalBasis;
    private final Set<FactGroup> reads;
    private final String triggerCertificate;
    private final Map<String, Parameter> parameters;
    private final List<CompiledExpression> derived;
    private final List<Clause> clauses;
    private final List<CompiledExpression> compiledClauses;
    private final CompiledExpression amount;
    private final ExclusiveGroup exclusiveGroup;
    private final BigDecimal budgetPerPeriod;
    private final Recovery recovery;
    private final Integer publicityWorkingDays;
    private final NoticeTemplate notice;
    private final List<PolicyExample> examples;
    private final Set<String> rateValues;
    private final List<Parameter> sortedParameters;
    private final Map<String, String> parameterVariables;
    private final Set<FactVariable> factVariables;

    Policy(
            Header header,
            Map<String, Parameter> parameters,
            List<CompiledExpression> derived,
            List<Clause> clauses,
            List<CompiledExpression> compiledClauses,
            CompiledExpression amount,
            List<PolicyExample> examples,
            Set<String> rateValues) {
        this.file = header.file();
        this.id = header.id();
        this.version = header.version();
        this.title = header.title();
        this.titleEn = header.titleEn();
        this.benefitKind = header.benefitKind();
        this.periodKind = header.periodKind();
        this.effectiveFrom = header.effectiveFrom();
        this.effectiveTo = header.effectiveTo();
        this.legalBasis = header.legalBasis();
        this.reads = Set.copyOf(header.reads());
        this.triggerCertificate = header.triggerCertificate();
        this.exclusiveGroup = header.exclusiveGroup();
        this.budgetPerPeriod = header.budgetPerPeriod();
        this.recovery = header.recovery();
        this.publicityWorkingDays = header.publicityWorkingDays();
        this.notice = header.notice();
        this.parameters = Map.copyOf(parameters);
        this.derived = List.copyOf(derived);
        this.clauses = List.copyOf(clauses);
        this.compiledClauses = List.copyOf(compiledClauses);
        this.amount = amount;
        this.examples = List.copyOf(examples);
        this.rateValues = Set.copyOf(rateValues);
        this.sortedParameters = parameters.values().stream()
                .sorted(java.util.Comparator.comparing(Parameter::name))
                .toList();
        Set<FactVariable> read = java.util.EnumSet.noneOf(FactVariable.class);
        java.util.stream.Stream.concat(
                        java.util.stream.Stream.concat(derived.stream(), compiledClauses.stream()),
                        java.util.stream.Stream.of(amount))
                .flatMap(e -> e.variables().stream())
                .map(FactVariable::byName)
                .filter(java.util.Objects::nonNull)
                .forEach(read::add);
        this.factVariables = java.util.Collections.unmodifiableSet(read);
        this.parameterVariables = parameters.keySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(n -> n, n -> "params." + n));
    }

    /** The descriptive part of a policy file, read before its expressions are compiled. */
    record Header(
            String file,
            String id,
            int version,
            String title,
            String titleEn,
            BenefitKind benefitKind,
            PeriodKind periodKind,
            LocalDate effectiveFrom,
            LocalDate effectiveTo,
            LegalBasis legalBasis,
            Set<FactGroup> reads,
            String triggerCertificate,
            ExclusiveGroup exclusiveGroup,
            BigDecimal budgetPerPeriod,
            Recovery recovery,
            boolean commonExclusions,
            Integer publicityWorkingDays,
            NoticeTemplate notice) {}

    /**
     * The period a decision of this policy is for, given the enterprise's facts: for a ONCE policy the
     * date of its trigger (the first certificate of the trigger kind), if there is one.
     */
    public Optional<Period> oncePeriod(FactsSnapshot facts) {
        if (periodKind != PeriodKind.ONCE || triggerCertificate == null) {
            return Optional.empty();
        }
        return facts.firstCertificate(triggerCertificate).map(c -> Period.once(c.issuedOn()));
    }

    /** The kind of certificate whose first issue triggers a ONCE policy, if it is one. */
    public Optional<String> triggerCertificate() {
        return Optional.ofNullable(triggerCertificate);
    }

    /** Whether the policy decides {@code period} at all: its kind, and its date within the effective dates. */
    public boolean inForce(Period period) {
        return period.kind() == periodKind
                && !period.date().isBefore(effectiveFrom)
                && (effectiveTo == null || !period.date().isAfter(effectiveTo));
    }

    public String file() {
        return file;
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }

    public String title() {
        return title;
    }

    public String titleEn() {
        return titleEn;
    }

    public BenefitKind benefitKind() {
        return benefitKind;
    }

    public PeriodKind periodKind() {
        return periodKind;
    }

    public LocalDate effectiveFrom() {
        return effectiveFrom;
    }

    /** Last day in force, or {@code null} when open-ended. */
    public LocalDate effectiveTo() {
        return effectiveTo;
    }

    public LegalBasis legalBasis() {
        return legalBasis;
    }

    /** The kinds of fact this policy reads: an event of another kind cannot change its outcome. */
    public Set<FactGroup> reads() {
        return reads;
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }

    public List<Clause> clauses() {
        return clauses;
    }

    public String amountFormula() {
        return amount.text();
    }

    public Optional<ExclusiveGroup> exclusiveGroup() {
        return Optional.ofNullable(exclusiveGroup);
    }

    /** The budget of one period, if the policy has one: decisions beyond it wait, never overspend. */
    public Optional<BigDecimal> budgetPerPeriod() {
        return Optional.ofNullable(budgetPerPeriod);
    }

    /** How many working days a grant is published (公示) before it is final; empty when it is not published. */
    public Optional<Integer> publicityWorkingDays() {
        return Optional.ofNullable(publicityWorkingDays);
    }

    public Recovery recovery() {
        return recovery;
    }

    public NoticeTemplate notice() {
        return notice;
    }

    /** The embedded examples. */
    public List<PolicyExample> examples() {
        return examples;
    }

    /** The fact variables some expression of the policy reads: the only ones an evaluation computes. */
    Set<FactVariable> factVariables() {
        return factVariables;
    }

    List<Parameter> sortedParameters() {
        return sortedParameters;
    }

    String variableOf(Parameter parameter) {
        return parameterVariables.get(parameter.name());
    }

    /** Whether the named value ({@code params.rate}, {@code derived.rate}) is a rate, written as a percentage. */
    boolean isRate(String name) {
        return rateValues.contains(name);
    }

    List<CompiledExpression> derivedExpressions() {
        return derived;
    }

    List<CompiledExpression> clauseExpressions() {
        return compiledClauses;
    }

    CompiledExpression amountExpression() {
        return amount;
    }

    @Override
    public String toString() {
        return id + " v" + version;
    }
}
