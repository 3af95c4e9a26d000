package dev.consent.requests;

import static dev.consent.requests.CalendarMonthsRuleTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CCPA regulations §7021(b): 45 calendar days, extendable by 45, counted from the day after receipt. */
class CalendarDaysRuleTest {
    private static final DeadlineRule CCPA = DeadlineRule.calendarDays(45, 45);

    @ParameterizedTest(name = "received {0}: due {1}, extended {2}")
    @CsvSource({
        // across the year end
        "2024-12-15, 2025-01-29, 2025-03-15",
        "2024-11-20, 2025-01-04, 2025-02-18",
        "2024-12-31, 2025-02-14, 2025-03-31",
        // across 29 February 2024, and the same dates a year later without it
        "2024-01-20, 2024-03-05, 2024-04-19",
        "2025-01-20, 2025-03-06, 2025-04-20",
        "2024-01-01, 2024-02-15, 2024-03-31",
        "2025-01-01, 2025-02-15, 2025-04-01",
        // received on the leap day
        "2024-02-29, 2024-04-14, 2024-05-29",
    })
    void ccpa_isDue45DaysAfterReceipt_andAtTheLatest90(LocalDate received, LocalDate due, LocalDate extended) {
        assertThat(CCPA.due(received)).isEqualTo(due);
        assertThat(CCPA.extendedDue(received)).contains(extended);
        assertThat(CCPA.extensionNoticeBy(received)).isEqualTo(due);
    }

    @Test
    void noExtension_givesNoExtendedDueDate() {
        DeadlineRule rule = DeadlineRule.calendarDays(30, 0);
        assertThat(rule.due(LocalDate.of(2025, 2, 1))).isEqualTo(LocalDate.of(2025, 3, 3));
        assertThat(rule.extendedDue(LocalDate.of(2025, 2, 1))).isEmpty();
    }

    @Test
    void oneDay_isTheNextDay() {
        assertThat(DeadlineRule.calendarDays(1, 1).due(LocalDate.of(2024, 2, 28)))
                .isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(DeadlineRule.calendarDays(1, 1).extendedDue(LocalDate.of(2024, 2, 28)))
                .contains(LocalDate.of(2024, 3, 1));
    }

    @Test
    void describe_namesThePeriodAndExtension() {
        assertThat(CCPA.describe()).isEqualTo("45 calendar days, extendable by 45 calendar days");
        assertThat(DeadlineRule.calendarDays(1, 0).describe()).isEqualTo("1 calendar day");
    }

    @Test
    void rulesWithTheSameParameters_areEqual() {
        assertThat(DeadlineRule.calendarDays(45, 45)).isEqualTo(CCPA).isNotEqualTo(DeadlineRule.calendarDays(45, 0));
    }

    @Test
    void zeroNegativeOrHugePeriods_areRejected_namingTheParameter() {
        assertRejected(() -> DeadlineRule.calendarDays(0, 45), "days", "0");
        assertRejected(() -> DeadlineRule.calendarDays(-45, 45), "days", "-45");
        assertRejected(() -> DeadlineRule.calendarDays(36_526, 0), "days", "36526");
        assertRejected(() -> DeadlineRule.calendarDays(45, -1), "extensionDays", "-1");
        assertRejected(() -> DeadlineRule.calendarDays(45, Integer.MAX_VALUE), "extensionDays", "2147483647");
    }

    @Test
    void nullReceived_isRejected() {
        assertThatThrownBy(() -> CCPA.due(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("received");
        assertThatThrownBy(() -> CCPA.extendedDue(null)).isInstanceOf(NullPointerException.class);
    }
}
