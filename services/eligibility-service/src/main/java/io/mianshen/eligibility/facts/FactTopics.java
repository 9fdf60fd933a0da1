package io.mianshen.eligibility.facts;

import java.util.List;

/** The contract topics that carry facts into this service. */
public final class FactTopics {

    /** Market regulation: registrations, changes, deregistrations, credit listings. */
    public static final String REGISTRY = "enterprise.registry.v1";
    /** Tax: annual filings and credit ratings. */
    public static final String TAX = "tax.filings.v1";
    /** Science department: certifications granted and revoked. */
    public static final String SCIENCE = "sci.certifications.v1";
    /** All three. */
    public static final List<String> ALL = List.of(REGISTRY, TAX, SCIENCE);

    private FactTopics() {}
}
