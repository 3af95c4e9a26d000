package dev.consent;

import java.util.List;
import java.util.Objects;

/**
 * Records that were committed together: what listeners receive. Immutable.
 *
 * @param subject the subject
 * @param interactionId the interaction the records belong to
 * @param records the committed records, in order; unmodifiable
 * @param position the highest ledger position among them
 */
public record ConsentChange(String subject, String interactionId, List<ConsentRecord> records, long position) {
    /** Copies the list. */
    public ConsentChange {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(interactionId, "interactionId");
        records = List.copyOf(records);
    }
}
