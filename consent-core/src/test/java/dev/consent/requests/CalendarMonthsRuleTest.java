package dev.consent.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GDPR Art. 12(3) month counting, with every expected date written out rather than recomputed. */
class CalendarMonthsRuleTest {
    private static final DeadlineRule GDPR = DeadlineRule.calendarMonths(1, 2);

    /** Every 28th, 29th, 30th and 31st of 2024 (leap) and 2025, and the late-2023 ends whose extension hits 29 Feb. */
    @ParameterizedTest(name = "received {0}: due {1}, extended {2}")
    @CsvSource({
        "2023-11-29, 2023-12-29, 2024-02-29",
        "2023-11-30, 2023-12-30, 2024-02-29",
        "2023-12-31, 2024-01-31, 2024-03-31",
        "2024-01-28, 2024-02-28, 2024-04-28",
        "2024-01-29, 2024-02-29, 2024-04-29",
        "2024-01-30, 2024-02-29, 2024-04-30",
        "2024-01-31, 2024-02-29, 2024-04-30",
        "2024-02-28, 2024-03-28, 2024-05-28",
        "2024-02-29, 2024-03-29, 2024-05-29",
        "2024-03-28, 2024-04-28, 2024-06-28",
        "2024-03-29, 2024-04-29, 2024-06-29",
        "2024-03-30, 2024-04-30, 2024-06-30",
        "2024-03-31, 2024-04-30, 2024-06-30",
        "2024-04-28, 2024-05-28, 2024-07-28",
        "2024-04-29, 2024-05-29, 2024-07-29",
        "2024-04-30, 2024-05-30, 2024-07-30",
        "2024-05-28, 2024-06-28, 2024-08-28",
        "2024-05-29, 2024-06-29, 2024-08-29",
        "2024-05-30, 2024-06-30, 2024-08-30",
        "2024-05-31, 2024-06-30, 2024-08-31",
        "2024-06-28, 2024-07-28, 2024-09-28",
        "2024-06-29, 2024-07-29, 2024-09-29",
        "2024-06-30, 2024-07-30, 2024-09-30",
        "2024-07-28, 2024-08-28, 2024-10-28",
        "2024-07-29, 2024-08-29, 2024-10-29",
        "2024-07-30, 2024-08-30, 2024-10-30",
        "2024-07-31, 2024-08-31, 2024-10-31",
        "2024-08-28, 2024-09-28, 2024-11-28",
        "2024-08-29, 2024-09-29, 2024-11-29",
        "2024-08-30, 2024-09-30, 2024-11-30",
        "2024-08-31, 2024-09-30, 2024-11-30",
        "2024-09-28, 2024-10-28, 2024-12-28",
        "2024-09-29, 2024-10-29, 2024-12-29",
        "2024-09-30, 2024-10-30, 2024-12-30",
        "2024-10-28, 2024-11-28, 2025-01-28",
        "2024-10-29, 2024-11-29, 2025-01-29",
        "2024-10-30, 2024-11-30, 2025-01-30",
        "2024-10-31, 2024-11-30, 2025-01-31",
        "2024-11-28, 2024-12-28, 2025-02-28",
        "2024-11-29, 2024-12-29, 2025-02-28",
        "2024-11-30, 2024-12-30, 2025-02-28",
        "2024-12-28, 2025-01-28, 2025-03-28",
        "2024-12-29, 2025-01-29, 2025-03-29",
        "2024-12-30, 2025-01-30, 2025-03-30",
        "2024-12-31, 2025-01-31, 2025-03-31",
        "2025-01-28, 2025-02-28, 2025-04-28",
        "2025-01-29, 2025-02-28, 2025-04-29",
        "2025-01-30, 2025-02-28, 2025-04-30",
        "2025-01-31, 2025-02-28, 2025-04-30",
        "2025-02-28, 2025-03-28, 2025-05-28",
        "2025-03-28, 2025-04-28, 2025-06-28",
        "2025-03-29, 2025-04-29, 2025-06-29",
        "2025-03-30, 2025-04-30, 2025-06-30",
        "2025-03-31, 2025-04-30, 2025-06-30",
        "2025-04-28, 2025-05-28, 2025-07-28",
        "2025-04-29, 2025-05-29, 2025-07-29",
        "2025-04-30, 2025-05-30, 2025-07-30",
        "2025-05-28, 2025-06-28, 2025-08-28",
        "2025-05-29, 2025-06-29, 2025-08-29",
        "2025-05-30, 2025-06-30, 2025-08-30",
        "2025-05-31, 2025-06-30, 2025-08-31",
        "2025-06-28, 2025-07-28, 2025-09-28",
        "2025-06-29, 2025-07-29, 2025-09-29",
        "2025-06-30, 2025-07-30, 2025-09-30",
        "2025-07-28, 2025-08-28, 2025-10-28",
        "2025-07-29, 2025-08-29, 2025-10-29",
        "2025-07-30, 2025-08-30, 2025-10-30",
        "2025-07-31, 2025-08-31, 2025-10-31",
        "2025-08-28, 2025-09-28, 2025-11-28",
        "2025-08-29, 2025-09-29, 2025-11-29",
        "2025-08-30, 2025-09-30, 2025-11-30",
        "2025-08-31, 2025-09-30, 2025-11-30",
        "2025-09-28, 2025-10-28, 2025-12-28",
        "2025-09-29, 2025-10-29, 2025-12-29",
        "2025-09-30, 2025-10-30, 2025-12-30",
        "2025-10-28, 2025-11-28, 2026-01-28",
        "2025-10-29, 2025-11-29, 2026-01-29",
        "2025-10-30, 2025-11-30, 2026-01-30",
        "2025-10-31, 2025-11-30, 2026-01-31",
        "2025-11-28, 2025-12-28, 2026-02-28",
        "2025-11-29, 2025-12-29, 2026-02-28",
        "2025-11-30, 2025-12-30, 2026-02-28",
        "2025-12-28, 2026-01-28, 2026-03-28",
        "2025-12-29, 2026-01-29, 2026-03-29",
        "2025-12-30, 2026-01-30, 2026-03-30",
        "2025-12-31, 2026-01-31, 2026-03-31"
    })
    void gdprMonth_onEveryMonthEnd_isTheSameDayNextMonth_orItsLastDay(
            LocalDate received, LocalDate due, LocalDate extended) {
        assertThat(GDPR.due(received)).isEqualTo(due);
        assertThat(GDPR.extendedDue(received)).contains(extended);
        assertThat(GDPR.extensionNoticeBy(received)).isEqualTo(due);
    }

    @ParameterizedTest(name = "received {0}: due {1}, extended {2}")
    @CsvSource({
        "2025-01-01, 2025-02-01, 2025-04-01",
        "2025-03-05, 2025-04-05, 2025-06-05",
        "2024-02-01, 2024-03-01, 2024-05-01",
        "2025-06-15, 2025-07-15, 2025-09-15",
    })
    void gdprMonth_midMonth_isTheSameDayNextMonth(LocalDate received, LocalDate due, LocalDate extended) {
        assertThat(GDPR.due(received)).isEqualTo(due);
        assertThat(GDPR.extendedDue(received)).contains(extended);
    }

    @Test
    void extension_isCountedFromReceipt_notFromTheClampedDueDate() {
        // 29 Feb + 2 months would be 29 Apr; 31 Jan + 3 months is 30 Apr.
        assertThat(GDPR.due(LocalDate.of(2024, 1, 31))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(GDPR.extendedDue(LocalDate.of(2024, 1, 31))).contains(LocalDate.of(2024, 4, 30));
    }

    @Test
    void noExtension_givesNoExtendedDueDate() {
        DeadlineRule rule = DeadlineRule.calendarMonths(1, 0);
        assertThat(rule.due(LocalDate.of(2025, 1, 31))).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(rule.extendedDue(LocalDate.of(2025, 1, 31))).isEmpty();
        assertThat(rule.describe()).isEqualTo("1 month");
    }

    @Test
    void longerPeriods_clampOnlyAtTheEnd() {
        DeadlineRule rule = DeadlineRule.calendarMonths(3, 1);
        // 30 Nov + 3 months: 28 Feb 2025 (not 30 Nov -> 30 Dec -> 30 Jan -> 28 Feb by accident); + 4: 30 Mar.
        assertThat(rule.due(LocalDate.of(2024, 11, 30))).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(rule.extendedDue(LocalDate.of(2024, 11, 30))).contains(LocalDate.of(2025, 3, 30));
        assertThat(DeadlineRule.calendarMonths(12, 0).due(LocalDate.of(2024, 2, 29)))
                .isEqualTo(LocalDate.of(2025, 2, 28));
    }

    @Test
    void describe_namesThePeriodAndExtension() {
        assertThat(GDPR.describe()).isEqualTo("1 month, extendable by 2 months");
        assertThat(DeadlineRule.calendarMonths(2, 1).describe()).isEqualTo("2 months, extendable by 1 month");
        assertThat(GDPR).hasToString("1 month, extendable by 2 months");
    }

    @Test
    void rulesWithTheSameParameters_areEqual() {
        assertThat(DeadlineRule.calendarMonths(1, 2))
                .isEqualTo(GDPR)
                .hasSameHashCodeAs(GDPR)
                .isNotEqualTo(DeadlineRule.calendarMonths(1, 0));
    }

    @Test
    void zeroNegativeOrHugePeriods_areRejected_namingTheParameter() {
        assertRejected(() -> DeadlineRule.calendarMonths(0, 2), "months", "0");
        assertRejected(() -> DeadlineRule.calendarMonths(-1, 2), "months", "-1");
        assertRejected(() -> DeadlineRule.calendarMonths(1201, 0), "months", "1201");
        assertRejected(() -> DeadlineRule.calendarMonths(1, -1), "extensionMonths", "-1");
        assertRejected(() -> DeadlineRule.calendarMonths(1, 1201), "extensionMonths", "1201");
        assertThat(DeadlineRule.calendarMonths(1200, 1200).extendedDue(LocalDate.of(2000, 1, 31)))
                .contains(LocalDate.of(2200, 1, 31));
    }

    @Test
    void nullReceived_isRejected() {
        assertThatThrownBy(() -> GDPR.due(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("received");
        assertThatThrownBy(() -> GDPR.extendedDue(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("received");
    }

    static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String value) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ")
                .hasMessageContaining("(was \"" + value + "\")");
    }
}
