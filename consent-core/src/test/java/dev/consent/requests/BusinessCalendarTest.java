package dev.consent.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {
    private static final BusinessCalendar WEEKENDS = BusinessCalendar.weekendsOnly();
    // 2025: Friday 3 Jan, Saturday 4, Sunday 5, Monday 6.
    private static final LocalDate FRI = LocalDate.of(2025, 1, 3);
    private static final LocalDate SAT = LocalDate.of(2025, 1, 4);
    private static final LocalDate SUN = LocalDate.of(2025, 1, 5);
    private static final LocalDate MON = LocalDate.of(2025, 1, 6);

    @Test
    void weekendsOnly_excludesSaturdayAndSundayOnly() {
        assertThat(WEEKENDS.isBusinessDay(FRI)).isTrue();
        assertThat(WEEKENDS.isBusinessDay(SAT)).isFalse();
        assertThat(WEEKENDS.isBusinessDay(SUN)).isFalse();
        assertThat(WEEKENDS.isBusinessDay(MON)).isTrue();
        assertThat(WEEKENDS.isBusinessDay(LocalDate.of(2024, 12, 25))).isTrue();
    }

    @Test
    void holidays_areNotBusinessDays() {
        BusinessCalendar cal = WEEKENDS.withHolidays(List.of(MON));
        assertThat(cal.isBusinessDay(MON)).isFalse();
        assertThat(cal.isBusinessDay(MON.plusDays(1))).isTrue();
        assertThat(WEEKENDS.isBusinessDay(MON)).as("the original is unchanged").isTrue();
    }

    @Test
    void withHolidays_addsToTheHolidaysAlreadyThere() {
        BusinessCalendar cal =
                BusinessCalendar.of(EnumSet.of(DayOfWeek.SUNDAY), List.of(MON)).withHolidays(List.of(MON.plusDays(1)));
        assertThat(cal.isBusinessDay(MON)).isFalse();
        assertThat(cal.isBusinessDay(MON.plusDays(1))).isFalse();
        assertThat(cal.isBusinessDay(SAT)).isTrue();
        assertThat(cal.isBusinessDay(SUN)).isFalse();
    }

    @Test
    void aFridaySaturdayWeekend_isHonoured() {
        BusinessCalendar cal = BusinessCalendar.of(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY), Set.of());
        assertThat(cal.isBusinessDay(FRI)).isFalse();
        assertThat(cal.isBusinessDay(SAT)).isFalse();
        assertThat(cal.isBusinessDay(SUN)).isTrue();
        assertThat(cal.onOrAfter(FRI)).isEqualTo(SUN);
        assertThat(cal.plusBusinessDays(LocalDate.of(2025, 1, 2), 1)).isEqualTo(SUN);
    }

    @Test
    void anEmptyWeekend_makesEveryNonHolidayABusinessDay() {
        BusinessCalendar cal = BusinessCalendar.of(Set.of(), List.of(SUN));
        assertThat(cal.isBusinessDay(SAT)).isTrue();
        assertThat(cal.plusBusinessDays(FRI, 2)).isEqualTo(MON);
    }

    @Test
    void onOrAfter_keepsABusinessDay_andMovesOtherDaysToTheNextOne() {
        assertThat(WEEKENDS.onOrAfter(FRI)).isEqualTo(FRI);
        assertThat(WEEKENDS.onOrAfter(SAT)).isEqualTo(MON);
        assertThat(WEEKENDS.onOrAfter(SUN)).isEqualTo(MON);
        // Good Friday 18 Apr 2025, Easter Monday 21 Apr: from the Friday to Tuesday 22 Apr.
        BusinessCalendar easter = WEEKENDS.withHolidays(List.of(LocalDate.of(2025, 4, 18), LocalDate.of(2025, 4, 21)));
        assertThat(easter.onOrAfter(LocalDate.of(2025, 4, 18))).isEqualTo(LocalDate.of(2025, 4, 22));
    }

    @Test
    void plusBusinessDays_doesNotCountTheStartDay() {
        assertThat(WEEKENDS.plusBusinessDays(FRI, 1)).isEqualTo(MON);
        assertThat(WEEKENDS.plusBusinessDays(MON, 1)).isEqualTo(LocalDate.of(2025, 1, 7));
        assertThat(WEEKENDS.plusBusinessDays(MON, 5)).isEqualTo(LocalDate.of(2025, 1, 13));
        assertThat(WEEKENDS.plusBusinessDays(SAT, 1)).isEqualTo(MON);
        assertThat(WEEKENDS.plusBusinessDays(SUN, 1)).isEqualTo(MON);
    }

    @Test
    void plusZeroBusinessDays_isTheDateItself_evenOnAWeekend() {
        assertThat(WEEKENDS.plusBusinessDays(SAT, 0)).isEqualTo(SAT);
    }

    @Test
    void negativeBusinessDays_areRejected() {
        assertThatThrownBy(() -> WEEKENDS.plusBusinessDays(MON, -1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("days"))
                .hasMessageContaining("-1");
    }

    @Test
    void aWeekendOfAllSevenDays_isRejected() {
        assertThatThrownBy(() -> BusinessCalendar.of(EnumSet.allOf(DayOfWeek.class), List.of()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("weekend"));
    }

    @Test
    void theCalendar_keepsACopyOfItsInputs() {
        EnumSet<DayOfWeek> weekend = EnumSet.of(DayOfWeek.SUNDAY);
        List<LocalDate> holidays = new ArrayList<>(List.of(MON));
        BusinessCalendar cal = BusinessCalendar.of(weekend, holidays);
        weekend.add(DayOfWeek.SATURDAY);
        holidays.add(LocalDate.of(2025, 1, 7));
        assertThat(cal.isBusinessDay(SAT)).isTrue();
        assertThat(cal.isBusinessDay(LocalDate.of(2025, 1, 7))).isTrue();
        assertThat(cal.isBusinessDay(MON)).isFalse();
    }

    @Test
    void calendarsWithTheSameDays_areEqual() {
        BusinessCalendar a = BusinessCalendar.of(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), List.of(MON, MON));
        assertThat(a)
                .isEqualTo(WEEKENDS.withHolidays(Set.of(MON)))
                .hasSameHashCodeAs(WEEKENDS.withHolidays(Set.of(MON)));
        assertThat(a).isNotEqualTo(WEEKENDS);
        assertThat(BusinessCalendar.of(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), List.of()))
                .isEqualTo(WEEKENDS);
        assertThat(a.toString()).contains("SATURDAY", "SUNDAY", "2025-01-06");
    }

    @Test
    void nulls_areRejected() {
        assertThatThrownBy(() -> BusinessCalendar.of(null, List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("weekend");
        assertThatThrownBy(() -> BusinessCalendar.of(Set.of(), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("holidays");
        assertThatThrownBy(
                        () -> BusinessCalendar.of(new java.util.HashSet<>(Arrays.asList((DayOfWeek) null)), List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> WEEKENDS.withHolidays(Arrays.asList(MON, null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> WEEKENDS.withHolidays(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> WEEKENDS.isBusinessDay(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> WEEKENDS.onOrAfter(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> WEEKENDS.plusBusinessDays(null, 1)).isInstanceOf(NullPointerException.class);
    }
}
