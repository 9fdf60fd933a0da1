package io.mianshen.policy;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;

/** The typed facts a CEL expression can name, with the group each belongs to. */
enum FactVariable {
    PERIOD_YEAR("period.year", SimpleType.INT, null, "the year decided"),
    PERIOD_DATE("period.date", SimpleType.STRING, null, "the date facts are read at (YYYY-MM-DD)"),
    NAME("enterprise.name", SimpleType.STRING, FactGroup.PROFILE, "name"),
    REGION("enterprise.region", SimpleType.STRING, FactGroup.PROFILE, "administrative division code"),
    INDUSTRY("enterprise.industry", SimpleType.STRING, FactGroup.PROFILE, "GB/T 4754-2017 industry code"),
    SIZE_CLASS("enterprise.sizeClass", SimpleType.STRING, FactGroup.PROFILE, "size class"),
    ESTABLISHED_ON("enterprise.establishedOn", SimpleType.STRING, FactGroup.PROFILE, "date of establishment"),
    DEREGISTERED("enterprise.deregistered", SimpleType.BOOL, FactGroup.DEREGISTRATIONS, "any deregistration on record"),
    SERIOUSLY_DISHONEST(
            "enterprise.seriouslyDishonest",
            SimpleType.BOOL,
            FactGroup.LISTINGS,
            "a serious-dishonesty listing still open or overlapping the period"),
    REVENUE("filing.revenue", PolicyLanguage.DECIMAL, FactGroup.FILINGS, "revenue of the year's filing"),
    RD_EXPENSE("filing.rdExpense", PolicyLanguage.DECIMAL, FactGroup.FILINGS, "R&D expense of the year's filing"),
    TAXABLE_INCOME(
            "filing.taxableIncome", PolicyLanguage.DECIMAL, FactGroup.FILINGS, "taxable income of the year's filing"),
    EMPLOYEES("filing.employees", SimpleType.INT, FactGroup.FILINGS, "employees of the year's filing"),
    PREVIOUS_REVENUE(
            "previousFiling.revenue",
            PolicyLanguage.DECIMAL,
            FactGroup.FILINGS,
            "revenue of the previous year's filing"),
    PREVIOUS_RD_EXPENSE(
            "previousFiling.rdExpense",
            PolicyLanguage.DECIMAL,
            FactGroup.FILINGS,
            "R&D expense of the previous year's filing"),
    PREVIOUS_TAXABLE_INCOME(
            "previousFiling.taxableIncome",
            PolicyLanguage.DECIMAL,
            FactGroup.FILINGS,
            "taxable income of the previous year's filing"),
    PREVIOUS_EMPLOYEES(
            "previousFiling.employees", SimpleType.INT, FactGroup.FILINGS, "employees of the previous year's filing");

    private final String name;
    private final CelType type;
    private final FactGroup group;
    private final String description;

    FactVariable(String name, CelType type, FactGroup group, String description) {
        this.name = name;
        this.type = type;
        this.group = group;
        this.description = description;
    }

    String variableName() {
        return name;
    }

    CelType type() {
        return type;
    }

    /** The group it belongs to, or {@code null} for the period, which is always known. */
    FactGroup group() {
        return group;
    }

    String description() {
        return description;
    }

    static FactVariable byName(String name) {
        for (FactVariable variable : values()) {
            if (variable.name.equals(name)) {
                return variable;
            }
        }
        return null;
    }
}
