package io.mianshen.contracts;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The contract's dates ({@code YYYY-MM-DD}) and date-times (RFC 3339 with seconds and an offset), limited to what
 * the JDK's {@link LocalDate#parse} and {@link OffsetDateTime#parse} read and PostgreSQL stores: years 1000 to 9999,
 * no leap second ({@code 23:59:60}), at most nine decimals of a second.
 */
public final class ContractTimes {

    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})");
    private static final int FIRST_YEAR = 1000;

    private ContractTimes() {}

    /** Whether {@code text} is a date of the contract. */
    public static boolean isDate(String text) {
        if (text == null || !DATE.matcher(text).matches()) {
            return false;
        }
        try {
            return LocalDate.parse(text).getYear() >= FIRST_YEAR;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Whether {@code text} is a date-time of the contract. */
    public static boolean isDateTime(String text) {
        if (text == null || !DATE_TIME.matcher(text).matches()) {
            return false;
        }
        try {
            return OffsetDateTime.parse(text).getYear() >= FIRST_YEAR;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
