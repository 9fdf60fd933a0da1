package io.mianshen.policy.facts;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a decision is for: a fiscal year ({@code FY2023}), a calendar year ({@code Y2023}), or
 * once ({@code ONCE}) on the date of the fact that triggers it.
 *
 * @param kind the kind of period
 * @param year the year decided (for ONCE, the trigger's year)
 * @param date the date facts and parameters are read at: the year's last day, or the trigger date
 */
public record Period(PeriodKind kind, int year, LocalDate date) {

    private static final Pattern LABEL = Pattern.compile("(FY|Y)(\\d{4})");

    /** A fiscal year. */
    public static Period fiscalYear(int year) {
        return new Period(PeriodKind.FISCAL_YEAR, year, LocalDate.of(year, 12, 31));
    }

    /** A calendar year. */
    public static Period calendarYear(int year) {
        return new Period(PeriodKind.CALENDAR_YEAR, year, LocalDate.of(year, 12, 31));
    }

    /** Once, triggered on {@code date}. */
    public static Period once(LocalDate date) {
        return new Period(PeriodKind.ONCE, date.getYear(), date);
    }

    /**
     * Parses {@code FY2023} or {@code Y2023}; {@code ONCE} needs its trigger date and is built with {@link #once}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Period parse(String label) {
        Matcher matcher = LABEL.matcher(label == null ? "" : label);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("a period is FY<year> or Y<year>, e.g. FY2023; got " + label);
        }
        int year = Integer.parseInt(matcher.group(2));
        return matcher.group(1).equals("FY") ? fiscalYear(year) : calendarYear(year);
    }

    /** The label of events.md: {@code FY2023}, {@code Y2023} or {@code ONCE}. */
    public String label() {
        return switch (kind) {
            case FISCAL_YEAR -> "FY" + year;
            case CALENDAR_YEAR -> "Y" + year;
            case ONCE -> "ONCE";
        };
    }

    /** First day of the period's year. */
    public LocalDate start() {
        return LocalDate.of(year, 1, 1);
    }

    /** Last day of the period's year. */
    public LocalDate end() {
        return LocalDate.of(year, 12, 31);
    }
}
