package io.mianshen.eligibility.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import tools.jackson.databind.JsonNode;

/**
 * The {@code data} of a fact event, bound to a record per event type of events.md once the contract has checked it:
 * nothing after the listener reads JSON.
 */
public sealed interface FactData {

    /** The enterprise the fact is about (equal to the event's subject, as the contract checks). */
    String uscc();

    /**
     * {@code gov.enterprise.registered.v1} or {@code gov.enterprise.changed.v1}: the full current profile.
     *
     * @param contact the contact as published (JSON), if any; the eligibility service keeps it but does not read it
     */
    record Profile(
            String uscc,
            String name,
            String region,
            String industry,
            String sizeClass,
            LocalDate establishedOn,
            String contact)
            implements FactData {}

    /** {@code gov.enterprise.deregistered.v1}. */
    record Deregistered(String uscc, LocalDate deregisteredOn) implements FactData {}

    /** {@code gov.enterprise.credit-listed.v1}: a serious-dishonesty listing, and its end when known. */
    record CreditListed(String uscc, String list, LocalDate listedOn, LocalDate delistedOn) implements FactData {}

    /** {@code gov.tax.annual-filing.v1}; {@code amendsFilingId} when it amends an earlier filing. */
    record AnnualFiling(
            String uscc,
            int fiscalYear,
            String filingId,
            String amendsFilingId,
            BigDecimal revenue,
            BigDecimal rdExpense,
            BigDecimal taxableIncome,
            int employees,
            LocalDate filedOn)
            implements FactData {}

    /** {@code gov.tax.credit-rating.v1}. */
    record CreditRating(String uscc, int year, String rating) implements FactData {}

    /** {@code gov.sci.certification.granted.v1}. */
    record CertificationGranted(
            String uscc, String kind, String certificateNo, LocalDate issuedOn, LocalDate validUntil)
            implements FactData {}

    /** {@code gov.sci.certification.revoked.v1}. */
    record CertificationRevoked(String uscc, String kind, String certificateNo, LocalDate revokedOn, String reason)
            implements FactData {}

    /**
     * Binds the data of an event of {@code type} that the contract has accepted.
     *
     * @throws IllegalArgumentException for a type that is not a fact type
     */
    static FactData bind(String type, JsonNode data) {
        String uscc = data.get("uscc").asString();
        return switch (type) {
            case "gov.enterprise.registered.v1", "gov.enterprise.changed.v1" ->
                new Profile(
                        uscc,
                        text(data, "name"),
                        text(data, "region"),
                        text(data, "industry"),
                        text(data, "sizeClass"),
                        date(data, "establishedOn"),
                        data.has("contact") ? data.get("contact").toString() : null);
            case "gov.enterprise.deregistered.v1" -> new Deregistered(uscc, date(data, "deregisteredOn"));
            case "gov.enterprise.credit-listed.v1" ->
                new CreditListed(uscc, text(data, "list"), date(data, "listedOn"), date(data, "delistedOn"));
            case "gov.tax.annual-filing.v1" ->
                new AnnualFiling(
                        uscc,
                        data.get("fiscalYear").asInt(),
                        text(data, "filingId"),
                        text(data, "amendsFilingId"),
                        money(data, "revenue"),
                        money(data, "rdExpense"),
                        money(data, "taxableIncome"),
                        data.get("employees").asInt(),
                        date(data, "filedOn"));
            case "gov.tax.credit-rating.v1" ->
                new CreditRating(uscc, data.get("year").asInt(), text(data, "rating"));
            case "gov.sci.certification.granted.v1" ->
                new CertificationGranted(
                        uscc,
                        text(data, "kind"),
                        text(data, "certificateNo"),
                        date(data, "issuedOn"),
                        date(data, "validUntil"));
            case "gov.sci.certification.revoked.v1" ->
                new CertificationRevoked(
                        uscc,
                        text(data, "kind"),
                        text(data, "certificateNo"),
                        date(data, "revokedOn"),
                        text(data, "reason"));
            default -> throw new IllegalArgumentException("not a fact type: " + type);
        };
    }

    private static String text(JsonNode data, String field) {
        return data.hasNonNull(field) ? data.get(field).asString() : null;
    }

    private static LocalDate date(JsonNode data, String field) {
        return data.hasNonNull(field) ? LocalDate.parse(data.get(field).asString()) : null;
    }

    private static BigDecimal money(JsonNode data, String field) {
        return new BigDecimal(data.get(field).asString());
    }
}
