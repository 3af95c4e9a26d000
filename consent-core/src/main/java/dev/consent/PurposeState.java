package dev.consent;

import java.util.List;
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
 * @param recipients the recipients the data may be shared with for this purpose at that instant, exactly
 *     those for which a recipient-scoped check ({@link Enforcer#checkAt(String, String, String,
 *     java.time.Instant)}) allows: none when the decision denies; for consent, the recipients of the version
 *     agreed to that the version in force still names, in the agreed version's order; for other bases, the
 *     recipients of the version in force; unmodifiable
 */
public record PurposeState(
        Purpose purpose,
        ConsentStatus status,
        Decision decision,
        @Nullable ConsentRecord proof,
        List<String> recipients) {
    /** Checks the components and copies the recipients. */
    public PurposeState {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decision, "decision");
        recipients = List.copyOf(recipients);
    }

    /**
     * A state whose recipients are those of {@code purpose} when the decision allows (the version seen is the
     * version in force), else none.
     */
    public PurposeState(Purpose purpose, ConsentStatus status, Decision decision, @Nullable ConsentRecord proof) {
        this(
                purpose,
                status,
                decision,
                proof,
                Objects.requireNonNull(decision, "decision").allowed()
                        ? Objects.requireNonNull(purpose, "purpose").recipients()
                        : List.of());
    }

    /** The proving record, if there is one. */
    public Optional<ConsentRecord> findProof() {
        return Optional.ofNullable(proof);
    }
}
