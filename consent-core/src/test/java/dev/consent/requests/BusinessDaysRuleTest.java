package dev.consent.requests;

import static dev.consent.requests.CalendarMonthsRuleTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CCPA regulations §7026(f): an opt-out within 15 business days, the day of receipt not counted. */
class BusinessDaysRuleTest {
    private static final DeadlineRule OPT_OUT = DeadlineRule.businessDays(15, BusinessCalendar.weekendsOnly());

    @ParameterizedTest(name = "received {0}: due {1}")
    @CsvSource({
        "2025-01-06, 2025-01-27", // Monday -> Monday three weeks later
        "2025-01-10, 2025-01-31", // Friday -> Friday three weeks later
        "2025-01-11, 2025-01-31", // Saturday: Monday 13 Jan is day 1
        "2025-01-12, 2025-01-31", // Sunday: the same
        "2024-12-20, 2025-01-10", // across the year end, no holidays known
        "2024-02-19, 2024-03-11", // across 29 Feb 2024, a Thursday and a business day
        "2025-02-19, 2025-03-12", // the same a year later, without it
    })
    void optOut_isDueOnThe15thBusinessDayAfterReceipt(LocalDate received, LocalDate due) {
        assertThat(OPT_OUT.due(received)).isEqualTo(due);
        assertThat(OPT_OUT.extendedDue(received)).isEmpty();
    }

    @Test
    void holidays_areSkipped() {
        // Martin Luther King Jr. Day, Monday 20 Jan 2025.
        DeadlineRule rule = DeadlineRule.businessDays(
                15, BusinessCalendar.weekendsOnly().withHolidays(List.of(LocalDate.of(2025, 1, 20))));
        assertThat(rule.due(LocalDate.of(2025, 1, 6))).isEqualTo(LocalDate.of(2025, 1, 28));
    }

    @Test
    void holidaysAcrossTheYearEnd_areSkipped() {
        BusinessCalendar cal = BusinessCalendar.weekendsOnly()
                .withHolidays(List.of(LocalDate.of(2024, 12, 25), LocalDate.of(2025, 1, 1)));
        // Fri 20 Dec: 23, 24, 26, 27, 30, 31 Dec, 2, 3, 6-10, 13, 14 Jan.
        assertThat(DeadlineRule.businessDays(15, cal).due(LocalDate.of(2024, 12, 20)))
                .isEqualTo(LocalDate.of(2025, 1, 14));
    }

    @Test
    void describe_namesTheCount() {
        assertThat(OPT_OUT.describe()).isEqualTo("15 business days");
        assertThat(DeadlineRule.businessDays(1, BusinessCalendar.weekendsOnly()).describe())
                .isEqualTo("1 business day");
    }

    @Test
    void rulesWithTheSameCountAndCalendar_areEqual() {
        assertThat(DeadlineRule.businessDays(
                        15,
                        BusinessCalendar.of(
                                java.util.EnumSet.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY),
                                List.of())))
                .isEqualTo(OPT_OUT)
                .isNotEqualTo(DeadlineRule.businessDays(
                        15, BusinessCalendar.weekendsOnly().withHolidays(List.of(LocalDate.MIN))));
    }

    @Test
    void badInput_isRejected() {
        assertRejected(() -> DeadlineRule.businessDays(0, BusinessCalendar.weekendsOnly()), "days", "0");
        assertRejected(() -> DeadlineRule.businessDays(-15, BusinessCalendar.weekendsOnly()), "days", "-15");
        assertThatThrownBy(() -> DeadlineRule.businessDays(15, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("calendar");
        assertThatThrownBy(() -> OPT_OUT.due(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> OPT_OUT.extendedDue(null)).isInstanceOf(NullPointerException.class);
    }
}
