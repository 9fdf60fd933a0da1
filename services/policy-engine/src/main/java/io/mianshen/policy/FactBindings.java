package io.mianshen.policy;

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
import java.util.function.Function;

/**
 * The values of the fact variables for one enterprise and period, with the event behind each and a
 * description of each missing one. A missing fact has no value at all: it is never zero or false.
 */
final class FactBindings {

    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, SourceRef> sources = new HashMap<>();
    private final Map<String, String> missing = new HashMap<>();

    FactBindings(FactsSnapshot facts, Period period) {
        values.put(FactVariable.PERIOD_YEAR.variableName(), (long) period.year());
        values.put(FactVariable.PERIOD_DATE.variableName(), period.date().toString());

        Optional<ProfileFact> profile = facts.profileOn(period.date());
        String noProfile = "the enterprise profile on " + period.date() + " (a registered or changed event on or before it)";
        bind(FactVariable.NAME, profile, ProfileFact::name, ProfileFact::source, noProfile);
        bind(FactVariable.REGION, profile, ProfileFact::region, ProfileFact::source, noProfile);
        bind(FactVariable.INDUSTRY, profile, ProfileFact::industry, ProfileFact::source, noProfile);
        bind(FactVariable.SIZE_CLASS, profile, ProfileFact::sizeClass, ProfileFact::source, noProfile);
        bind(FactVariable.ESTABLISHED_ON, profile, p -> p.establishedOn() == null ? null : p.establishedOn().toString(),
                ProfileFact::source, noProfile);

        List<DeregistrationFact> deregistrations = facts.deregistrations();
        values.put(FactVariable.DEREGISTERED.variableName(), !deregistrations.isEmpty());
        deregistrations.stream().findFirst().ifPresent(d -> sources.put(FactVariable.DEREGISTERED.variableName(), d.source()));

        List<ListingFact> listings = facts.listingsOpenOrOverlapping(period.start(), period.end());
        values.put(FactVariable.SERIOUSLY_DISHONEST.variableName(), !listings.isEmpty());
        listings.stream().findFirst().ifPresent(l -> sources.put(FactVariable.SERIOUSLY_DISHONEST.variableName(), l.source()));

        bindFiling(facts.filingOf(period.year()), period.year(),
                FactVariable.REVENUE, FactVariable.RD_EXPENSE, FactVariable.TAXABLE_INCOME, FactVariable.EMPLOYEES);
        bindFiling(facts.filingOf(period.year() - 1), period.year() - 1,
                FactVariable.PREVIOUS_REVENUE, FactVariable.PREVIOUS_RD_EXPENSE, FactVariable.PREVIOUS_TAXABLE_INCOME,
                FactVariable.PREVIOUS_EMPLOYEES);
    }

    private void bindFiling(Optional<FilingFact> filing, int year, FactVariable revenue, FactVariable rdExpense,
                            FactVariable taxableIncome, FactVariable employees) {
        String none = "the annual filing of FY" + year + " (gov.tax.annual-filing.v1)";
        bind(revenue, filing, FilingFact::revenue, FilingFact::source, none);
        bind(rdExpense, filing, FilingFact::rdExpense, FilingFact::source, none);
        bind(taxableIncome, filing, FilingFact::taxableIncome, FilingFact::source, none);
        bind(employees, filing, f -> f.employees() == null ? null : (long) f.employees(), FilingFact::source, none);
    }

    private <T> void bind(FactVariable variable, Optional<T> fact, Function<T, Object> value, Function<T, SourceRef> source,
                          String whenAbsent) {
        if (fact.isEmpty()) {
            missing.put(variable.variableName(), whenAbsent);
            return;
        }
        Object v = value.apply(fact.get());
        if (v == null) {
            missing.put(variable.variableName(), variable.variableName() + " (" + variable.description() + ")");
            return;
        }
        values.put(variable.variableName(), v);
        sources.put(variable.variableName(), source.apply(fact.get()));
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

    boolean isMissing(String name) {
        return missing.containsKey(name);
    }

    String missingDescription(String name) {
        return missing.get(name);
    }

    FactRead read(String name) {
        return new FactRead(name, display(values.get(name)), sources.get(name));
    }

    static String display(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return String.valueOf(value);
    }
}
