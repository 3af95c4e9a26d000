package dev.consent.requests;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** {@link DeadlineRule#rollingToBusinessDay}: another rule's dates moved off non-business days. */
record RollingRule(DeadlineRule rule, BusinessCalendar calendar) implements DeadlineRule {
    RollingRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(calendar, "calendar");
    }

    @Override
    public LocalDate due(LocalDate received) {
        return calendar.onOrAfter(rule.due(received));
    }

    @Override
    public Optional<LocalDate> extendedDue(LocalDate received) {
        return rule.extendedDue(received).map(calendar::onOrAfter);
    }

    @Override
    public LocalDate extensionNoticeBy(LocalDate received) {
        return calendar.onOrAfter(rule.extensionNoticeBy(received));
    }

    @Override
    public String describe() {
        return rule.describe() + ", moved to the next business day when it ends on a non-business day";
    }

    @Override
    public String toString() {
        return describe();
    }
}
