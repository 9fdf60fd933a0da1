package io.mianshen.eligibility.publicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    private final WorkingCalendar calendar = bundled();

    private static WorkingCalendar bundled() {
        try (InputStream in =
                WorkingCalendarTest.class.getClassLoader().getResourceAsStream(PublicityConfiguration.BUNDLED)) {
            return WorkingCalendar.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), PublicityConfiguration.BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWindowOpenedBeforeNationalDayClosesAfterTheHolidayCountingTheWorkedSunday() {
        // decided Friday 2024-09-27: Sunday 09-29 and Monday 09-30 are worked, 10-01 to 10-07 are the holiday, then
        // 10-08, 10-09, 10-10
        assertThat(calendar.workingDaysAfter(LocalDate.of(2024, 9, 27), 5)).isEqualTo(LocalDate.of(2024, 10, 10));
        // Monday to Friday alone would have closed it on 2024-10-04, in the middle of the holiday
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 10, 4))).contains(false);
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 9, 29))).contains(true);
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 10, 12))).contains(true);
    }

    @Test
    void theSpringFestivalAndItsWorkedSaturdaysMoveAWindow() {
        // 2025: 01-28 to 02-04 off, Sunday 01-26 and Saturday 02-08 worked: from Friday 01-24, 01-26, 01-27, 02-05,
        // 02-06, 02-07
        assertThat(calendar.workingDaysAfter(LocalDate.of(2025, 1, 24), 5)).isEqualTo(LocalDate.of(2025, 2, 7));
        assertThat(calendar.workingDaysAfter(LocalDate.of(2025, 2, 5), 3)).isEqualTo(LocalDate.of(2025, 2, 8));
        // an ordinary week
        assertThat(calendar.workingDaysAfter(LocalDate.of(2026, 11, 30), 5)).isEqualTo(LocalDate.of(2026, 12, 7));
    }

    @Test
    void aYearTheCalendarDoesNotListIsRefusedNamingTheFileAndTheYear() {
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 3, 1))).isEmpty();
        assertThatThrownBy(() -> calendar.workingDaysAfter(LocalDate.of(2026, 12, 28), 5))
                .isInstanceOf(WorkingCalendar.NotCovered.class)
                .hasMessageContaining("2023 to 2026")
                .hasMessageContaining("add 2027's holidays")
                .hasMessageContaining(PublicityConfiguration.BUNDLED);
        // the window a decision opens meanwhile counts 2027 Monday to Friday, and says so once
        java.util.List<String> told = new java.util.ArrayList<>();
        assertThat(calendar.workingDaysAfterOrWeekdays(
                        LocalDate.of(2026, 12, 28), 5, uncovered -> told.add(uncovered.getMessage())))
                .isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(told)
                .singleElement()
                .satisfies(message -> assertThat(message).contains("add 2027's holidays"));
    }

    @Test
    void anOfficerExtendsTheCalendarWithAFileAndAMistakeInItIsNamed() {
        WorkingCalendar extended = WorkingCalendar.parse("""
                years:
                  2027:
                    holidays: [2027-01-01, 2027-02-05..2027-02-11]
                    workdays: [2027-02-14]
                """, "officer.yaml");
        assertThat(extended.isWorkingDay(LocalDate.of(2027, 2, 8))).contains(false);
        assertThat(extended.isWorkingDay(LocalDate.of(2027, 2, 14))).contains(true);
        assertThatThrownBy(() -> WorkingCalendar.parse("years:\n  2027:\n    holidays: [2027-13-01]\n", "officer.yaml"))
                .hasMessageContaining("officer.yaml")
                .hasMessageContaining("2027-13-01");
        assertThatThrownBy(() -> WorkingCalendar.parse("years:\n  2027:\n    holidays: [2026-12-31]\n", "officer.yaml"))
                .hasMessageContaining("within 2027");
    }
}
