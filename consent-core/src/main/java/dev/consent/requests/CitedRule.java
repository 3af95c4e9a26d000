package dev.consent.requests;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule of {@link DeadlineRules#builtIn()}: a stock rule that names its legal source in {@link #describe()}
 * and otherwise computes exactly as the stock rule does.
 */
record CitedRule(DeadlineRule rule, String source) implements DeadlineRule {
    CitedRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public LocalDate due(LocalDate received) {
        return rule.due(received);
    }

    @Override
    public Optional<LocalDate> extendedDue(LocalDate received) {
        return rule.extendedDue(received);
    }

    @Override
    public LocalDate extensionNoticeBy(LocalDate received) {
        return rule.extensionNoticeBy(received);
    }

    @Override
    public String describe() {
        return rule.describe() + " (" + source + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
