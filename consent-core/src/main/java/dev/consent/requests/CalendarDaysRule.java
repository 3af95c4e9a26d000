package dev.consent.requests;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** {@link DeadlineRule#calendarDays}: calendar days from receipt. */
record CalendarDaysRule(int days, int extensionDays) implements DeadlineRule {
    CalendarDaysRule {
        Periods.period("days", days, Periods.MAX_DAYS);
        Periods.extension("extensionDays", extensionDays, Periods.MAX_DAYS);
    }

    @Override
    public LocalDate due(LocalDate received) {
        return Objects.requireNonNull(received, "received").plusDays(days);
    }

    @Override
    public Optional<LocalDate> extendedDue(LocalDate received) {
        Objects.requireNonNull(received, "received");
        return extensionDays == 0 ? Optional.empty() : Optional.of(received.plusDays((long) days + extensionDays));
    }

    @Override
    public String describe() {
        return Periods.withExtension(days, extensionDays, "calendar day");
    }

    @Override
    public String toString() {
        return describe();
    }
}
