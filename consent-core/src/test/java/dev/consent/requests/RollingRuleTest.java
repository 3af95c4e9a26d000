package dev.consent.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EU Regulation 1182/71 Art. 3(4): a period ending on a weekend or holiday ends on the next working day. */
class RollingRuleTest {
    // Good Friday 18 Apr 2025 and Easter Monday 21 Apr 2025.
    private static final BusinessCalendar EASTER =
            BusinessCalendar.weekendsOnly().withHolidays(List.of(LocalDate.of(2025, 4, 18), LocalDate.of(2025, 4, 21)));
    private static final DeadlineRule GDPR = DeadlineRule.calendarMonths(1, 2).rollingToBusinessDay(EASTER);

    @Test
    void dueOnASaturday_movesToMonday() {
        // 15 Feb 2025 is a Saturday; 15 Apr 2025 a Tuesday.
        assertThat(GDPR.due(LocalDate.of(2025, 1, 15))).isEqualTo(LocalDate.of(2025, 2, 17));
        assertThat(GDPR.extendedDue(LocalDate.of(2025, 1, 15))).contains(LocalDate.of(2025, 4, 15));
    }

    @Test
    void dueOnASunday_movesToMonday() {
        assertThat(GDPR.due(LocalDate.of(2025, 1, 16))).isEqualTo(LocalDate.of(2025, 2, 17));
        assertThat(GDPR.extendedDue(LocalDate.of(2025, 1, 16))).contains(LocalDate.of(2025, 4, 16));
    }

    @Test
    void dueOnAHoliday_movesToTheNextBusinessDay_andSoDoesAnExtendedDueOnASaturday() {
        // 21 Apr 2025: Easter Monday -> Tuesday 22 Apr; 21 Jun 2025: Saturday -> Monday 23 Jun.
        assertThat(GDPR.due(LocalDate.of(2025, 3, 21))).isEqualTo(LocalDate.of(2025, 4, 22));
        assertThat(GDPR.extendedDue(LocalDate.of(2025, 3, 21))).contains(LocalDate.of(2025, 6, 23));
    }

    @Test
    void dueOnAHolidayBeforeAWeekendAndAnotherHoliday_movesPastAllOfThem() {
        // 18 Apr 2025: Good Friday, then the weekend, then Easter Monday.
        assertThat(GDPR.due(LocalDate.of(2025, 3, 18))).isEqualTo(LocalDate.of(2025, 4, 22));
    }

    @Test
    void dueOnABusinessDay_staysPut() {
        assertThat(GDPR.due(LocalDate.of(2025, 3, 3))).isEqualTo(LocalDate.of(2025, 4, 3));
        assertThat(GDPR.extendedDue(LocalDate.of(2025, 3, 3))).contains(LocalDate.of(2025, 6, 3));
    }

    @Test
    void theExtensionNotice_isDueByTheMovedDueDate() {
        assertThat(GDPR.extensionNoticeBy(LocalDate.of(2025, 1, 15))).isEqualTo(LocalDate.of(2025, 2, 17));
    }

    @Test
    void aRuleWithoutExtension_staysWithout() {
        DeadlineRule rule = DeadlineRule.calendarDays(45, 0).rollingToBusinessDay(EASTER);
        // 1 Jan 2025 + 45 days = Saturday 15 Feb.
        assertThat(rule.due(LocalDate.of(2025, 1, 1))).isEqualTo(LocalDate.of(2025, 2, 17));
        assertThat(rule.extendedDue(LocalDate.of(2025, 1, 1))).isEmpty();
    }

    @Test
    void describe_addsTheRoll() {
        assertThat(GDPR.describe())
                .isEqualTo("1 month, extendable by 2 months, moved to the next business day when it ends on a"
                        + " non-business day");
    }

    @Test
    void nullCalendar_isRejected() {
        assertThatThrownBy(() -> DeadlineRule.calendarMonths(1, 2).rollingToBusinessDay(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("calendar");
    }
}
