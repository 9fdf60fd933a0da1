package io.mianshen.eligibility.publicity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * China's working days: Monday to Friday, except public holidays, plus the weekend days worked in their place
 * (调休), for the years a calendar file lists ({@code calendar/china-working-days.yaml}, or the file
 * {@code MIANSHEN_CALENDAR_FILE} names). A publicity window counts its working days by it.
 */
public final class WorkingCalendar {

    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workdays;
    private final TreeSet<Integer> years;
    private final String source;

    private WorkingCalendar(Set<LocalDate> holidays, Set<LocalDate> workdays, TreeSet<Integer> years, String source) {
        this.holidays = holidays;
        this.workdays = workdays;
        this.years = years;
        this.source = source;
    }

    /**
     * Reads a calendar file: {@code years: {<year>: {holidays: [date or from..to], workdays: [date]}}}.
     *
     * @throws IllegalArgumentException naming the file and the entry that is not a date or a range
     */
    @SuppressWarnings("unchecked")
    public static WorkingCalendar parse(String text, String source) {
        Map<String, Object> root = new Yaml(
                        new SafeConstructor(new LoaderOptions()),
                        new Representer(new DumperOptions()),
                        new DumperOptions(),
                        new LoaderOptions(),
                        new DatesAsText())
                .load(text);
        Object yearsNode = root == null ? null : root.get("years");
        if (!(yearsNode instanceof Map)) {
            throw new IllegalArgumentException(source + ": no 'years' mapping");
        }
        Set<LocalDate> holidays = new HashSet<>();
        Set<LocalDate> workdays = new HashSet<>();
        TreeSet<Integer> years = new TreeSet<>();
        for (Map.Entry<Object, Object> year : ((Map<Object, Object>) yearsNode).entrySet()) {
            int number;
            try {
                number = Integer.parseInt(String.valueOf(year.getKey()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": '" + year.getKey() + "' is not a year");
            }
            years.add(number);
            Map<String, Object> days =
                    year.getValue() instanceof Map ? (Map<String, Object>) year.getValue() : Map.of();
            for (Object entry : list(days.get("holidays"))) {
                holidays.addAll(dates(String.valueOf(entry), number, source));
            }
            for (Object entry : list(days.get("workdays"))) {
                workdays.addAll(dates(String.valueOf(entry), number, source));
            }
        }
        return new WorkingCalendar(Set.copyOf(holidays), Set.copyOf(workdays), years, source);
    }

    /** Whether {@code day} is a working day; empty when the calendar does not cover its year. */
    public Optional<Boolean> isWorkingDay(LocalDate day) {
        if (!years.contains(day.getYear())) {
            return Optional.empty();
        }
        if (workdays.contains(day)) {
            return Optional.of(true);
        }
        if (holidays.contains(day)) {
            return Optional.of(false);
        }
        return Optional.of(day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY);
    }

    /**
     * The {@code count}-th working day after {@code day} (the day itself not counted): where a window opened on
     * {@code day} for {@code count} working days closes, at the end of that day.
     *
     * @throws NotCovered when the count runs into a year the calendar does not list
     */
    public LocalDate workingDaysAfter(LocalDate day, int count) {
        LocalDate current = day;
        int left = count;
        while (left > 0) {
            current = current.plusDays(1);
            LocalDate checked = current;
            if (isWorkingDay(current).orElseThrow(() -> new NotCovered(checked, years, source))) {
                left--;
            }
        }
        return current;
    }

    /**
     * Like {@link #workingDaysAfter}, but a day in a year the calendar does not list counts as a working day when it is
     * Monday to Friday, and {@code uncovered} is told (once per call) why: decisions go on while an officer adds the year.
     */
    public LocalDate workingDaysAfterOrWeekdays(
            LocalDate day, int count, java.util.function.Consumer<NotCovered> uncovered) {
        LocalDate current = day;
        int left = count;
        NotCovered told = null;
        while (left > 0) {
            current = current.plusDays(1);
            Optional<Boolean> working = isWorkingDay(current);
            if (working.isEmpty() && told == null) {
                told = new NotCovered(current, years, source);
                uncovered.accept(told);
            }
            if (working.orElse(
                    current.getDayOfWeek() != DayOfWeek.SATURDAY && current.getDayOfWeek() != DayOfWeek.SUNDAY)) {
                left--;
            }
        }
        return current;
    }

    /** Where the calendar was read from. */
    public String source() {
        return source;
    }

    /** A date in a year the calendar does not list: an officer adds the year to the file. */
    public static final class NotCovered extends RuntimeException {
        NotCovered(LocalDate day, TreeSet<Integer> years, String source) {
            super("the working-day calendar (" + source + ") covers "
                    + (years.isEmpty() ? "no year" : years.first() + " to " + years.last()) + ", not " + day + ": add "
                    + day.getYear() + "'s holidays and adjusted working days to it");
        }
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    private static Set<LocalDate> dates(String entry, int year, String source) {
        try {
            String[] range = entry.trim().split("\\.\\.");
            LocalDate from = LocalDate.parse(range[0].trim());
            LocalDate to = range.length == 2 ? LocalDate.parse(range[1].trim()) : from;
            if (range.length > 2 || to.isBefore(from) || from.getYear() != year || to.getYear() != year) {
                throw new IllegalArgumentException(source + ": '" + entry + "' under " + year
                        + " is not a date or a range from..to within " + year);
            }
            Set<LocalDate> dates = new HashSet<>();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                dates.add(day);
            }
            return dates;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    source + ": '" + entry + "' under " + year + " is not a date (yyyy-mm-dd) or a range from..to", e);
        }
    }

    /** YAML's implicit types without timestamps: a date stays the text it was written as. */
    private static final class DatesAsText extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
        }
    }
}
