package dev.consent;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The state of one subject for one purpose at an instant, with the record that proves it.
 *
 * @param purpose the purpose at the version the proving record concerns, else the version in force at
 *     that instant: the text the person saw
 * @param status the status at that instant
 * @param decision what the enforcer decides (or would have decided) at that instant
 * @param proof the latest record about this purpose up to that instant, or {@code null} when none
 */
public record PurposeState(
        Purpose purpose,
        ConsentStatus status,
        Decision decision,
        @Nullable ConsentRecord proof) {
    /** Checks the components. */
    public PurposeState {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decision, "decision");
    }

    /** The proving record, if there is one. */
    public Optional<ConsentRecord> findProof() {
        return Optional.ofNullable(proof);
    }
}
