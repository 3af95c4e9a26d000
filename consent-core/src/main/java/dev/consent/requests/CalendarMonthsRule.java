package dev.consent.requests;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** {@link DeadlineRule#calendarMonths}: months from receipt, clamped to the end of a shorter month. */
record CalendarMonthsRule(int months, int extensionMonths) implements DeadlineRule {
    CalendarMonthsRule {
        Periods.period("months", months, Periods.MAX_MONTHS);
        Periods.extension("extensionMonths", extensionMonths, Periods.MAX_MONTHS);
    }

    @Override
    public LocalDate due(LocalDate received) {
        // plusMonths keeps the day of month and clamps it to the last valid day: 31 Jan + 1 = 28/29 Feb.
        return Objects.requireNonNull(received, "received").plusMonths(months);
    }

    @Override
    public Optional<LocalDate> extendedDue(LocalDate received) {
        Objects.requireNonNull(received, "received");
        // Counted from receipt, not from due(): 31 Jan 2024 + 3 months = 30 Apr, not 29 Feb + 2 = 29 Apr.
        return extensionMonths == 0 ? Optional.empty() : Optional.of(received.plusMonths(months + extensionMonths));
    }

    @Override
    public String describe() {
        return Periods.withExtension(months, extensionMonths, "month");
    }

    @Override
    public String toString() {
        return describe();
    }
}
