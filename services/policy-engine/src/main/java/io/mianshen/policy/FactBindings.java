package io.mianshen.policy;

import dev.cel.runtime.CelVariableResolver;
import io.mianshen.policy.facts.DeregistrationFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.ListingFact;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.ProfileFact;
import io.mianshen.policy.facts.SourceRef;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The values of the fact variables for one enterprise and period, with the event behind each and a
 * description of each missing one. A missing fact has no value at all: it is never zero or false.
 */
final class FactBindings {

    private final Map<String, Object> values = new HashMap<>(64);
    private final Map<String, SourceRef> sources;
    private final Map<String, String> missing = new HashMap<>(16);
    private final Set<FactVariable> needed;

    /**
     * Binds the fact variables in {@code needed} (the ones the policy reads; the others are never
     * computed), recording their source events when {@code explain}.
     */
    FactBindings(FactsSnapshot facts, Period period, Set<FactVariable> needed, boolean explain) {
        this.needed = needed;
        this.sources = explain ? new HashMap<>(32) : null;
        values.put(FactVariable.PERIOD_YEAR.variableName(), (long) period.year());
        values.put(FactVariable.PERIOD_DATE.variableName(), period.date().toString());

        Optional<ProfileFact> profile = needsAny(
                        FactVariable.NAME,
                        FactVariable.REGION,
                        FactVariable.INDUSTRY,
                        FactVariable.SIZE_CLASS,
                        FactVariable.ESTABLISHED_ON)
                ? facts.profileOn(period.date())
                : Optional.empty();
        java.util.function.Supplier<String> noProfile =
                () -> "the enterprise profile on " + period.date() + " (a registered or changed event on or before it)";
        bind(FactVariable.NAME, profile, ProfileFact::name, ProfileFact::source, noProfile);
        bind(FactVariable.REGION, profile, ProfileFact::region, ProfileFact::source, noProfile);
        bind(FactVariable.INDUSTRY, profile, ProfileFact::industry, ProfileFact::source, noProfile);
        bind(FactVariable.SIZE_CLASS, profile, ProfileFact::sizeClass, ProfileFact::source, noProfile);
        bind(
                FactVariable.ESTABLISHED_ON,
                profile,
                p -> p.establishedOn() == null ? null : p.establishedOn().toString(),
                ProfileFact::source,
                noProfile);

        if (needed.contains(FactVariable.DEREGISTERED)) {
            List<DeregistrationFact> deregistrations = facts.deregistrations();
            values.put(FactVariable.DEREGISTERED.variableName(), !deregistrations.isEmpty());
            if (!deregistrations.isEmpty()) {
                source(
                        FactVariable.DEREGISTERED.variableName(),
                        deregistrations.get(0).source());
            }
        }
        if (needed.contains(FactVariable.SERIOUSLY_DISHONEST)) {
            List<ListingFact> listings = facts.listings().isEmpty()
                    ? List.of()
                    : facts.listingsOpenOrOverlapping(period.start(), period.end());
            values.put(FactVariable.SERIOUSLY_DISHONEST.variableName(), !listings.isEmpty());
            if (!listings.isEmpty()) {
                source(
                        FactVariable.SERIOUSLY_DISHONEST.variableName(),
                        listings.get(0).source());
            }
        }
        if (needsAny(
                FactVariable.REVENUE, FactVariable.RD_EXPENSE, FactVariable.TAXABLE_INCOME, FactVariable.EMPLOYEES)) {
            bindFiling(
                    facts.filingOf(period.year()),
                    period.year(),
                    FactVariable.REVENUE,
                    FactVariable.RD_EXPENSE,
                    FactVariable.TAXABLE_INCOME,
                    FactVariable.EMPLOYEES);
        }
        if (needsAny(
                FactVariable.PREVIOUS_REVENUE,
                FactVariable.PREVIOUS_RD_EXPENSE,
                FactVariable.PREVIOUS_TAXABLE_INCOME,
                FactVariable.PREVIOUS_EMPLOYEES)) {
            bindFiling(
                    facts.filingOf(period.year() - 1),
                    period.year() - 1,
                    FactVariable.PREVIOUS_REVENUE,
                    FactVariable.PREVIOUS_RD_EXPENSE,
                    FactVariable.PREVIOUS_TAXABLE_INCOME,
                    FactVariable.PREVIOUS_EMPLOYEES);
        }
    }

    private boolean needsAny(FactVariable... variables) {
        for (FactVariable variable : variables) {
            if (needed.contains(variable)) {
                return true;
            }
        }
        return false;
    }

    private void source(String name, SourceRef source) {
        if (sources != null) {
            sources.put(name, source);
        }
    }

    private void bindFiling(
            Optional<FilingFact> filing,
            int year,
            FactVariable revenue,
            FactVariable rdExpense,
            FactVariable taxableIncome,
            FactVariable employees) {
        java.util.function.Supplier<String> none =
                () -> "the annual filing of FY" + year + " (gov.tax.annual-filing.v1)";
        bind(revenue, filing, FilingFact::revenue, FilingFact::source, none);
        bind(rdExpense, filing, FilingFact::rdExpense, FilingFact::source, none);
        bind(taxableIncome, filing, FilingFact::taxableIncome, FilingFact::source, none);
        bind(employees, filing, f -> f.employees() == null ? null : (long) f.employees(), FilingFact::source, none);
    }

    private <T> void bind(
            FactVariable variable,
            Optional<T> fact,
            Function<T, Object> value,
            Function<T, SourceRef> source,
            java.util.function.Supplier<String> whenAbsent) {
        if (!needed.contains(variable)) {
            return;
        }
        if (fact.isEmpty()) {
            missing.put(variable.variableName(), whenAbsent.get());
            return;
        }
        Object v = value.apply(fact.get());
        if (v == null) {
            missing.put(variable.variableName(), variable.variableName() + " (" + variable.description() + ")");
            return;
        }
        values.put(variable.variableName(), v);
        source(variable.variableName(), source.apply(fact.get()));
    }

    void put(String name, Object value) {
        values.put(name, value);
    }

    void markMissing(String name, String description) {
        missing.put(name, description);
    }

    Map<String, Object> values() {
        return values;
    }

    CelVariableResolver resolver() {
        return name -> Optional.ofNullable(values.get(name));
    }

    boolean isMissing(String name) {
        return missing.containsKey(name);
    }

    String missingDescription(String name) {
        return missing.get(name);
    }

    FactRead read(String name) {
        return new FactRead(name, display(values.get(name)), sources == null ? null : sources.get(name));
    }

    static String display(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return String.valueOf(value);
    }
}
