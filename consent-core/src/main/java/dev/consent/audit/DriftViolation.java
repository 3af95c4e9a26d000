package dev.consent.audit;

import dev.consent.Decision;
import dev.consent.DecisionReason;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A processing event that had no valid basis at its instant, with the decision the enforcer would have made
 * then ({@code Enforcer.checkAt(subject, purpose, at)}): its reason and the record that decided it. Immutable.
 *
 * @param eventNumber the event's place in the input, from 1 (for a CSV file, the data row, not the line)
 * @param event the event
 * @param decision the decision at the event's instant; never one that allows
 */
public record DriftViolation(long eventNumber, ProcessingEvent event, Decision decision) {
    /** @throws IllegalArgumentException if the decision allows */
    public DriftViolation {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(decision, "decision");
        if (decision.allowed()) {
            throw new IllegalArgumentException("an allowing decision is no violation: " + decision);
        }
    }

    /** Why processing was not allowed then. */
    public DecisionReason reason() {
        return decision.reason();
    }

    /**
     * The record that decided it (a withdrawal, a denial, an objection, an expired grant, an erasure), or
     * {@code null} when none did (nothing recorded yet, an unknown purpose); {@code ConsentLedger.findRecord}
     * reads it.
     */
    public @Nullable UUID recordId() {
        return decision.recordId();
    }
}
