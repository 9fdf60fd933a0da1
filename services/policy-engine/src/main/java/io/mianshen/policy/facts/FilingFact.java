package io.mianshen.policy.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An annual enterprise income tax filing; one with {@code amendsFilingId} replaces that filing. An
 * amount or count that is {@code null} is unknown, and a policy that reads it is UNDETERMINED.
 *
 * @param fiscalYear     the year filed for
 * @param filingId       the tax bureau's id
 * @param amendsFilingId the filing this one corrects, or {@code null}
 * @param filedOn        date filed
 * @param revenue        operating revenue, yuan
 * @param rdExpense      R&amp;D expense, yuan
 * @param taxableIncome  taxable income, yuan (negative in a loss year)
 * @param employees      employees
 * @param source         the event, when known
 */
public record FilingFact(
        int fiscalYear,
        String filingId,
        String amendsFilingId,
        LocalDate filedOn,
        BigDecimal revenue,
        BigDecimal rdExpense,
        BigDecimal taxableIncome,
        Integer employees,
        SourceRef source) {}
