package dev.consent.requests;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** {@link DeadlineRule#businessDays}: business days after receipt, no extension. */
record BusinessDaysRule(int days, BusinessCalendar calendar) implements DeadlineRule {
    BusinessDaysRule {
        Periods.period("days", days, Periods.MAX_DAYS);
        Objects.requireNonNull(calendar, "calendar");
    }

    @Override
    public LocalDate due(LocalDate received) {
        return calendar.plusBusinessDays(Objects.requireNonNull(received, "received"), days);
    }

    @Override
    public Optional<LocalDate> extendedDue(LocalDate received) {
        Objects.requireNonNull(received, "received");
        return Optional.empty();
    }

    @Override
    public String describe() {
        return Periods.count(days, "business day");
    }

    @Override
    public String toString() {
        return describe();
    }
}
